package io.jqemu.launcher;

import io.jqemu.core.model.Machine;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.HostPreparation;
import io.jqemu.testsupport.QemuBinary;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link TpmHelperTest}, which kills it with SIGKILL. {@code args}: mode, state
 * root, runtime root, VM name, shared directory. Mode {@code launch}: launches a paused VM with a TPM
 * and a virtiofs share of the directory (so swtpm and virtiofsd) and prints
 * {@code qemu=<pid>}. Mode {@code prepare}: only prepares the host for it (the helpers started, QEMU not yet),
 * as a controller killed in the middle of a launch leaves it, and prints {@code prepared}. Mode
 * {@code preflight}: prints every failed host check as {@code violation=<text>}, then {@code checked}.
 * Then it waits to be killed.
 */
public final class HelperProbe {
    private HelperProbe() {
    }

    /** See the class comment. */
    public static void main(String[] args) throws InterruptedException {
        Path state = Path.of(args[1]);
        Path runtime = Path.of(args[2]);
        Launcher launcher = Launcher.builder().stateRoot(state).runtimeRoot(runtime).qemuBinary(QemuBinary.path())
                .controller("helper-probe").stopVmsOnJvmExit(false).build();
        Machine machine = TpmHelperTest.withHelpers(args[3], Path.of(args[4]));
        switch (args[0]) {
            case "launch" -> System.out.println("qemu=" + launcher.launch(machine, LaunchOptions.startPaused()).pid());
            case "prepare" -> {
                HostPreparation.forSystem(new HostLayout(state, runtime))
                        .prepare(machine.name(), launcher.render(machine).hostResources());
                System.out.println("prepared");
            }
            case "preflight" -> {
                launcher.preflight(machine).forEach(v -> System.out.println("violation=" + v));
                System.out.println("checked");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
