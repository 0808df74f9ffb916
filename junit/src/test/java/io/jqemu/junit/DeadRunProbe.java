package io.jqemu.junit;

import io.jqemu.core.model.Machine;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.RunningVm;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LeftoverRunsTest}: starts a test run under the given root, launches
 * a VM in it the way the extension does, prints its pid and state directory, and waits to be killed.
 */
public final class DeadRunProbe {
    private DeadRunProbe() {
    }

    /** {@code args}: the root, the QEMU binary. */
    public static void main(String[] args) throws InterruptedException {
        JvmRun run = JvmRun.start(Path.of(args[0]), args[1]);
        String name = run.uniqueName("killed");
        Machine machine = Scenarios.noGuest().name(name).build();
        RunningVm vm = run.launcher().launch(machine, LaunchOptions.startPaused());
        System.out.println("pid=" + vm.pid());
        System.out.println("stateDir=" + vm.stateDir());
        System.out.println("run=" + run.dir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
