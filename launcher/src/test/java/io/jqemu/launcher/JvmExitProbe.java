package io.jqemu.launcher;

import io.jqemu.testsupport.QemuBinary;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LifecycleTest}: launches a paused VM under the given roots, prints
 * its pid and state directory, then exits the JVM with the VM still running, leaving the rest to
 * the launcher's shutdown hook.
 */
public final class JvmExitProbe {
    private JvmExitProbe() {
    }

    /** {@code args}: state root, runtime root. */
    public static void main(String[] args) {
        Launcher launcher = Launcher.builder().stateRoot(Path.of(args[0])).runtimeRoot(Path.of(args[1]))
                .qemuBinary(QemuBinary.path()).build();
        RunningVm vm = launcher.launch(TestMachines.empty("jvmexit").build(), LaunchOptions.startPaused());
        System.out.println("pid=" + vm.pid());
        System.out.println("stateDir=" + vm.stateDir());
        System.out.flush();
        System.exit(0);
    }
}
