/**
 * The machinery behind {@link io.jqemu.launcher.RunningVm}: the QEMU process, the VM's lock and
 * record in its state directory, hot-plug over QMP, balloon, remote-console access and the shutdown
 * ladder. Internal: the module exports it for the {@code jqemu} CLI, but it is not a stable API.
 */
package io.jqemu.launcher.vm;
