package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test guest booted once through OVMF (UEFI) with its per-VM vars file. */
@BootsGuest
class OvmfBootTest {
    private static final String CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    private static final String VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    @TempDir
    Path dir;

    @Test
    void theGuestBootsThroughOvmfAndKeepsItsVarsFile() throws Exception {
        TestGuest image = TestGuest.get();
        Machine machine = Machine.builder().name("ovmfvm").memoryMib(256)
                .ovmf(CODE, VARS)
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(image.bzImage()))
                .build();
        RunningVm vm = TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused());
        try (GuestShell guest = new GuestShell(vm.serialConsole())) {
            vm.resume();
            guest.awaitReady(Duration.ofSeconds(180));
            assertThat(guest.check("ls /sys/firmware")).contains("efi");

            ShutdownResult result = vm.shutdown();

            assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_POWEROFF);
        } finally {
            vm.close();
        }
        Path vars = vm.stateDir().resolve("OVMF_VARS.fd");
        assertThat(vars).as("the per-VM vars file is kept across runs").exists();
        assertThat(java.nio.file.Files.size(vars)).isEqualTo(java.nio.file.Files.size(Path.of(VARS)));
    }
}
