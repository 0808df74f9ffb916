/**
 * Rendering a machine to a QEMU command line ({@link io.jqemu.core.render.MachineRenderer}), the host
 * resources it needs ({@link io.jqemu.core.render.HostResource}) and hot-plug QMP arguments
 * ({@link io.jqemu.core.render.HotplugRenderer}).
 */
package io.jqemu.core.render;
