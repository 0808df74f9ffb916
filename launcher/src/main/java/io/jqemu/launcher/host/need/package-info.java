/**
 * One handler per kind of host need (core's sealed {@link io.jqemu.core.render.HostResource}): each
 * checks the host without changing it, applies the need (every change recorded in the VM's undo
 * journal before it is made), undoes its own journal entries and describes in one line what it will
 * do, for {@code jqemu check}. {@link io.jqemu.launcher.host.need.NeedHandlers} picks the handler with
 * one exhaustive {@code switch}, so a new kind of host resource does not compile without its handler.
 *
 * <p>Internal to the launcher (not exported): {@link io.jqemu.launcher.host.HostPreparation} is the
 * public entry point.
 */
package io.jqemu.launcher.host.need;
