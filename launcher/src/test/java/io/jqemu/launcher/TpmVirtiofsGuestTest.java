package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.Tpm;
import io.jqemu.core.model.VirtiofsShare;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import io.jqemu.launcher.vm.LiveProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One booted test guest with a TPM 2.0 (swtpm) and a virtiofs share (virtiofsd, over shared memfd
 * memory; the host directory's name holds a comma): the guest sees a TPM 2.0 that answers a command,
 * mounts the share and reads and writes it both ways; after the shutdown neither helper, nor a
 * socket, nor a journal entry is left.
 *
 * <p>The guest boots its bzImage: booted as a PVH kernel (its vmlinux), the guest finds SeaBIOS's
 * ACPI tables broken once a TPM is present (QEMU 7.2), so it has no ACPI and sees no TPM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class TpmVirtiofsGuestTest {
    private static final Duration BOOT = Duration.ofSeconds(180);
    /** TPM2_GetRandom for 8 bytes: tag TPM_ST_NO_SESSIONS, size 12, command code 0x17b, bytesRequested 8. */
    private static final String GET_RANDOM = "\\200\\001\\000\\000\\000\\014\\000\\000\\001\\173\\000\\010";

    private Path share;
    private RunningVm vm;
    private GuestShell guest;
    private Path runtimeDir;

    @BeforeAll
    void boot(@TempDir Path dir) throws Exception {
        share = Files.createDirectory(dir.resolve("nas,share"));
        Launcher launcher = Launcher.builder().qemuBinary(QemuBinary.path()).stateRoot(dir.resolve("state"))
                .runtimeRoot(TestMachines.shortTempDir("jqtv")).startTimeout(Duration.ofSeconds(30)).build();
        Machine machine = Machine.builder().name("tpmfs").memoryMib(256)
                .memoryBacking(MemoryBacking.sharedMemfd())
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().bzImage())) // see the class comment
                .tpm()
                .virtiofs(VirtiofsShare.of(share.toString(), "media"))
                .build();
        vm = launcher.launch(machine);
        runtimeDir = VmPaths.load(vm.stateDir()).runtimeDir();
        guest = new GuestShell(vm.serialConsole());
        guest.awaitReady(BOOT);
    }

    @AfterAll
    void stop() {
        if (guest != null) {
            guest.close();
        }
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    @Order(1)
    void theGuestHasATpm2ThatAnswersGetRandom() throws Exception {
        assertThat(guest.check("cat /sys/class/tpm/tpm0/tpm_version_major").strip()).isEqualTo("2");
        assertThat(guest.check("ls /dev/tpm0 /dev/tpmrm0")).contains("/dev/tpm0").contains("/dev/tpmrm0");

        String response = guest.check("exec 3<>/dev/tpmrm0 && printf '" + GET_RANDOM + "' >&3 && "
                + "dd bs=64 count=1 <&3 2>/dev/null | od -An -tx1");

        // TPM_ST_NO_SESSIONS, size 20, TPM_RC_SUCCESS, 8 random bytes
        assertThat(response.replaceAll("\\s+", " ").strip()).startsWith("80 01 00 00 00 14 00 00 00 00 00 08");
    }

    @Test
    @Order(2)
    void theGuestMountsTheVirtiofsShareAndReadsAndWritesItBothWays() throws Exception {
        Files.writeString(share.resolve("from-host.txt"), "written by the host\n");

        guest.check("modprobe virtiofs && mkdir -p /mnt/media && mount -t virtiofs media /mnt/media");
        assertThat(guest.check("cat /mnt/media/from-host.txt")).contains("written by the host");
        guest.check("echo written by the guest > /mnt/media/from-guest.txt && sync");

        assertThat(Files.readString(share.resolve("from-guest.txt"), StandardCharsets.UTF_8))
                .isEqualTo("written by the guest\n");
        Files.writeString(share.resolve("from-host.txt"), "changed by the host\n");
        assertThat(guest.check("cat /mnt/media/from-host.txt")).contains("changed by the host");
    }

    @Test
    @Order(3)
    void afterTheShutdownNoHelperSocketOrJournalEntryIsLeft() throws Exception {
        List<Long> helpers = helpers();
        assertThat(helpers).as("swtpm and virtiofsd (which forks into its sandbox) run while the VM does")
                .hasSizeGreaterThanOrEqualTo(2);

        ShutdownResult result = vm.shutdown();

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_POWEROFF);
        assertThat(helpers()).isEmpty();
        assertThat(helpers).allSatisfy(pid -> assertThat(LiveProcesses.running(pid)).as("helper %d runs", pid).isFalse());
        assertThat(runtimeDir.resolve(Tpm.SOCKET_NAME)).doesNotExist();
        assertThat(runtimeDir).doesNotExist();
        Path journal = vm.stateDir().resolve(UndoJournal.FILE_NAME);
        if (Files.exists(journal)) {
            assertThat(new UndoJournal(journal).pending()).isEmpty();
        }
        assertThat(vm.stateDir().resolve("swtpm.log")).exists();
        assertThat(vm.stateDir().resolve("virtiofsd-fs0.log")).exists();
    }

    /** The swtpm and virtiofsd processes whose arguments name this VM's runtime directory. */
    private List<Long> helpers() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/swtpm") || c.endsWith("/virtiofsd")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(runtimeDir.toString()))
                        .orElse(false))
                .map(ProcessHandle::pid).toList();
    }
}
