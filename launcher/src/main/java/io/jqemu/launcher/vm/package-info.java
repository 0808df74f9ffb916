/**
 * The machinery behind {@link io.jqemu.launcher.RunningVm}: the QEMU process, the VM's lock and
 * record in its state directory, balloon, remote-console access and the shutdown ladder. Internal:
 * the module exports it to the {@code jqemu} CLI only. Hot-plug lives with the public handle it
 * serves, package-private in {@code io.jqemu.launcher}.
 */
package io.jqemu.launcher.vm;
