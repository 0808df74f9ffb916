package io.jqemu.launcher;

import io.jqemu.testsupport.QemuBinary;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link ControllerLockTest}: launches a paused VM named {@code held} under the
 * given roots as controller {@code lock-holder-probe}, prints QEMU's pid, and waits to be killed.
 */
public final class LockHolderProbe {
    private LockHolderProbe() {
    }

    /** {@code args}: state root, runtime root. */
    public static void main(String[] args) throws InterruptedException {
        Launcher launcher = Launcher.builder().stateRoot(Path.of(args[0])).runtimeRoot(Path.of(args[1]))
                .qemuBinary(QemuBinary.path()).controller("lock-holder-probe").stopVmsOnJvmExit(false).build();
        RunningVm vm = launcher.launch(TestMachines.empty("held").build(), LaunchOptions.startPaused());
        System.out.println("qemu=" + vm.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
