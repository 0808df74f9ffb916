package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.command.Quit;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QEMU that exits with status 0 because someone else asked it to (a signal, {@code quit} over the
 * monitor) is not a guest power-off: QEMU's own {@code SHUTDOWN} reason decides, and it is known
 * once the VM has ended even when the event came just before the monitor's end of file.
 */
@RequiresQemu
class ShutdownCauseTest {
    @TempDir
    Path dir;

    @Test
    void qemuEndedByASignalDuringTheLadderIsNotAGuestPowerOff() throws Exception {
        Launcher launcher = Launcher.builder().stateRoot(dir.resolve("state"))
                .runtimeRoot(TestMachines.shortTempDir("jqc"))
                .qemuBinary(QemuBinary.path())
                .shutdownTimeouts(ShutdownTimeouts.defaults().withGuestPowerOff(Duration.ofSeconds(120)))
                .build();
        RunningVm vm = launcher.launch(TestMachines.empty("signalled").build());
        CompletableFuture<?> pressed = vm.qmp().awaitEvent(QmpEvents.named("POWERDOWN"), Duration.ofSeconds(60));

        // no guest acts on the button here: the ladder waits for a power-off that never comes
        CompletableFuture<ShutdownResult> shutdown = vm.shutdownAsync();
        pressed.get(60, TimeUnit.SECONDS);
        POSIXFactory.getPOSIX().kill((int) vm.pid(), Signal.SIGTERM.intValue());
        ShutdownResult result = shutdown.get(60, TimeUnit.SECONDS);

        assertThat(result.exitStatus().exitCode()).as("QEMU exits 0 on SIGTERM").hasValue(0);
        assertThat(result.guestPoweredOff()).isFalse();
        assertThat(result.endedBy()).isEqualTo(ShutdownStep.PROCESS_EXITED);
        assertThat(vm.shutdownCause()).hasValueSatisfying(c -> {
            assertThat(c.reason()).isEqualTo("host-signal");
            assertThat(c.guest()).isFalse();
            assertThat(c.isGuestPowerOff()).isFalse();
        });
    }

    @Test
    void quitFromAnotherMonitorUserIsNotAGuestPowerOffAndItsReasonIsAlwaysKnown() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        for (int round = 0; round < 3; round++) {
            RunningVm vm = launcher.launch(TestMachines.empty("quit" + round).build());
            vm.qmp().send(new Quit());
            vm.terminated().get(30, TimeUnit.SECONDS);

            assertThat(vm.exitStatus()).hasValueSatisfying(s -> assertThat(s.isSuccess()).isTrue());
            assertThat(vm.shutdownCause()).as("round %d", round)
                    .hasValueSatisfying(c -> assertThat(c.reason()).isEqualTo("host-qmp-quit"));
            ShutdownResult result = vm.shutdown();
            assertThat(result.endedBy()).isEqualTo(ShutdownStep.ALREADY_EXITED);
            assertThat(result.guestPoweredOff()).isFalse();
        }
    }
}
