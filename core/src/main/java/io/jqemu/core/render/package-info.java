/**
 * Rendering a machine: the QEMU command line ({@link io.jqemu.core.render.MachineRenderer}), the host
 * resources it needs ({@link io.jqemu.core.render.HostResource}), and device plans of typed steps
 * ({@link io.jqemu.core.render.DevicePlan}, {@link io.jqemu.core.render.PlanStep}) that are options on
 * the command line and QMP commands for hot-plug ({@link io.jqemu.core.render.HotplugRenderer}).
 */
package io.jqemu.core.render;
