/**
 * A QMP client on Netty: {@link io.jqemu.qmp.QmpClient} (built by {@link io.jqemu.qmp.QmpClient.Builder}),
 * typed commands in {@code io.jqemu.qmp.command}, events, and the {@link io.jqemu.qmp.QmpException} hierarchy.
 */
package io.jqemu.qmp;
