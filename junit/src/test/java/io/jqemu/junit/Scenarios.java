package io.jqemu.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs {@link Scenario} classes with the Jupiter engine and hands back what happened. */
final class Scenarios {
    private Scenarios() {
    }

    /** Runs {@code scenario} with the extra configuration parameters {@code parameters}. */
    static EngineExecutionResults run(Class<?> scenario, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(Scenario.PARAMETER, "true")
                .configurationParameters(parameters).selectors(selectClass(scenario)).execute();
    }

    /** Runs {@code scenario}. */
    static EngineExecutionResults run(Class<?> scenario) {
        return run(scenario, Map.of());
    }

    /** A machine without a guest: QEMU starts, the firmware finds nothing to boot; a console socket. */
    static MachineBuilder noGuest() {
        return Machine.builder().memoryMib(64).serial(new CharBackend.UnixSocket(Optional.empty()));
    }

    /** The jqemu test guest (direct kernel boot, 192 MiB) with its console on a unix socket. */
    static MachineBuilder testGuest() {
        TestGuest guest = TestGuest.get();
        return Machine.builder().memoryMib(192).serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(DirectKernelBoot.kernel(guest.vmlinux().toString())
                        .withInitrd(guest.initramfs().toString()).withCmdline(guest.cmdline()));
    }

    /** Whether a process lives. */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits up to 30 s for a process to be gone; whether it is. */
    static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 300 && alive(pid); i++) {
            Thread.sleep(100);
        }
        return !alive(pid);
    }

    /** The private directories of the VMs open in this JVM's run. */
    static Path vmsDir() {
        return JvmRun.get().dir().resolve(JvmRun.VMS);
    }
}
