package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskCreation;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
 * One booted test guest whose disks jqemu created: the guest sees their sizes, a disk grown live,
 * and then its whole state saved, the VM stopped, and the state restored into a new QEMU, where a
 * counter the guest prints on its serial console goes on from where it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class GuestDiskAndStateTest {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final long MIB = 1L << 20;

    private Path dir;
    private Path qcow2;
    private Path raw;
    private Machine machine;
    private Launcher launcher;
    private RunningVm vm;
    private GuestShell guest;

    @BeforeAll
    void boot(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        qcow2 = dir.resolve("system.qcow2");
        raw = dir.resolve("data.raw");
        machine = Machine.builder().name("diskstate").memoryMib(192).spareRootPorts(1)
                .disk(Disk.imageFile(qcow2.toString()).format(DiskFormat.QCOW2).create(DiskCreation.ofSize("48M")).build())
                .disk(Disk.imageFile(raw.toString()).create(DiskCreation.ofSize("8M")).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
        launcher = TestMachines.launcher(dir);
        vm = launcher.launch(machine, LaunchOptions.startPaused());
        guest = new GuestShell(vm.serialConsole());
        vm.resume();
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
    void theGuestSeesTheCreatedDisksWithTheRequestedSizes() throws Exception {
        assertThat(guest.check("cat /sys/block/vda/size")).isEqualTo(Long.toString(48 * MIB / 512));
        assertThat(guest.check("cat /sys/block/vdb/size")).isEqualTo(Long.toString(8 * MIB / 512));
        QemuImg qemuImg = QemuImg.besideQemu(QemuBinary.path());
        assertThat(qemuImg.info(qcow2).format()).isEqualTo("qcow2");
        assertThat(qemuImg.info(raw).format()).isEqualTo("raw");
    }

    @Test
    @Order(2)
    void aDiskGrownLiveIsSeenByTheGuestWithItsNewSize() throws Exception {
        int mark = guest.mark();
        vm.resizeDisk("disk0", 80 * MIB);
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT change block vda"), STEP);
        assertThat(guest.check("cat /sys/block/vda/size")).isEqualTo(Long.toString(80 * MIB / 512));
    }

    @Test
    @Order(3)
    void shrinkingALiveDiskIsRefusedAndTheGuestKeepsItsSize() throws Exception {
        assertThatThrownBy(() -> vm.resizeDisk("disk1", 4 * MIB))
                .hasMessageContaining("refusing to shrink disk disk1 from 8M to 4M");
        assertThat(guest.check("cat /sys/block/vdb/size")).isEqualTo(Long.toString(8 * MIB / 512));
    }

    @Test
    @Order(4)
    void theSavedStateRestoredIntoANewQemuContinuesTheGuestsCounter() throws Exception {
        guest.check("echo saved-in-ram > /tmp/marker");
        // prints COUNTER 1, 2, ... on the console while /tmp/counting exists
        guest.check("touch /tmp/counting; (i=0; while [ -e /tmp/counting ]; do i=$((i+1)); echo COUNTER $i;"
                + " sleep 1; done) >/dev/console 2>&1 &");
        int mark = guest.mark();
        guest.awaitLine(mark, l -> l.equals("COUNTER 3"), STEP);
        Path state = dir.resolve("diskstate.state");

        SavedState saved = vm.saveState(state, AfterSave.STOP);

        int last = lastCounter(mark);
        assertThat(saved.bytes()).isGreaterThan(VmStateFile.HEADER_BYTES);
        assertThat(vm.terminated().join()).isEqualTo(VmState.STOPPED);
        assertThat(qcow2).exists();
        assertThat(raw).exists();
        guest.close();

        vm = launcher.launch(machine, LaunchOptions.startPaused().restoring(state));
        guest = new GuestShell(vm.serialConsole());
        int restoredMark = guest.mark();
        vm.resume();

        String next = guest.awaitLine(restoredMark, l -> l.startsWith("COUNTER "), STEP);
        int first = Integer.parseInt(next.substring("COUNTER ".length()));
        assertThat(first).as("the first count after the restore follows the last before the save (%d)", last)
                .isGreaterThan(last).isLessThanOrEqualTo(last + 2);
        guest.check("rm /tmp/counting");
        assertThat(guest.check("cat /tmp/marker; cat /sys/block/vda/size").lines()
                .filter(l -> !l.startsWith("COUNTER")).toList())
                .containsExactly("saved-in-ram", Long.toString(80 * MIB / 512));
    }

    private int lastCounter(int mark) throws Exception {
        String line = guest.awaitLine(mark, l -> l.startsWith("COUNTER "), STEP);
        int last = Integer.parseInt(line.substring("COUNTER ".length()));
        while (true) {
            int n = last + 1;
            try {
                guest.awaitLine(mark, l -> l.equals("COUNTER " + n), Duration.ofMillis(10));
                last = n;
            } catch (java.util.concurrent.TimeoutException e) {
                return last;
            }
        }
    }

    @Test
    @Order(5)
    void aStateIsRefusedByAnotherMachineAndAfterItsDiskChanged() throws Exception {
        Path state = dir.resolve("second.state");
        vm.saveState(state, AfterSave.PAUSE);
        assertThat(vm.state()).isEqualTo(VmState.PAUSED);
        vm.stop();
        guest.close();
        guest = null;

        Machine bigger = machine.toBuilder().memoryMib(256).build();
        assertThatThrownBy(() -> launcher.launch(bigger, LaunchOptions.startPaused().restoring(state)))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("the machine differs from the one saved")
                .hasMessageContaining("saved with -m size=192M")
                .hasMessageContaining("now -m size=256M");
        assertThat(dir.resolve("state/diskstate/vm.properties")).doesNotExist();

        Files.setLastModifiedTime(raw, FileTime.from(Instant.now().plusSeconds(5)));
        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused().restoring(state)))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("disks[1] " + raw + " was written after the state was saved");

        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused().restoring(qcow2)))
                .isInstanceOf(StateMismatchException.class)
                .hasMessageContaining("is not a jqemu state file");
        assertThatThrownBy(() -> vm.saveState(state, AfterSave.STOP)).isInstanceOf(VmExitedException.class);
    }
}
