package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.testsupport.BootsGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** One booted test guest, checked step by step in order, ending with a graceful shutdown. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class GuestVmTest {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(30);

    private Path dir;
    private Path share;
    private Machine machine;
    private RunningVm vm;
    private GuestShell guest;
    private final List<VmState> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    void boot(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        share = Files.createDirectories(dir.resolve("share"));
        Files.writeString(share.resolve("from-host.txt"), "hello from the host\n");
        machine = TestMachines.guest("guestvm", dir, share);
        vm = TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused());
        vm.addStateListener((v, from, to) -> seen.add(to));
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
    void bootsToUserlandRunningWithQemusLogInTheStateDirectory() throws Exception {
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(guest.check("uname -r")).startsWith("6.");
        assertThat(vm.logFile()).exists().hasParent(vm.stateDir());
    }

    @Test
    @Order(2)
    void theColdPluggedScsiDiskIsSeenByTheGuest() throws Exception {
        assertThat(guest.check("cat /sys/block/sda/size")).isEqualTo(Long.toString(16L * 1024 * 1024 / 512));
        assertThat(guest.check("cat /sys/block/sda/device/model")).contains("QEMU HARDDISK");
    }

    @Test
    @Order(3)
    void aHotAddedScsiDiskAppearsAndDisappearsInTheGuest() throws Exception {
        Path image = TestMachines.image(dir, "hot.img", 8);
        int mark = guest.mark();
        DeviceHandle disk = vm.attach(Disk.imageFile(image.toString()).scsiHd(0, 0, 1).build());
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add block sdb"), STEP);
        assertThat(guest.check("cat /sys/block/sdb/size")).isEqualTo(Long.toString(8L * 1024 * 1024 / 512));

        mark = guest.mark();
        disk.detach(STEP);

        assertThat(disk.state()).isEqualTo(DeviceState.DETACHED);
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT remove block sdb"), STEP);
        assertThat(guest.check("ls /sys/block")).doesNotContain("sdb");
        assertThat(vm.qmp().execute("query-named-block-nodes").toString()).doesNotContain(disk.id());
    }

    @Test
    @Order(4)
    void aHotAddedVirtioBlkDiskOnASpareRootPortAppearsAndDisappearsInTheGuest() throws Exception {
        Path image = TestMachines.image(dir, "blk.img", 6);
        int mark = guest.mark();
        DeviceHandle disk = vm.attach(Disk.imageFile(image.toString()).virtioBlk().build());
        assertThat(disk.rootPort()).isPresent();
        String added = guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add block vd"), STEP);
        String dev = added.split(" ")[3];
        assertThat(guest.check("cat /sys/block/" + dev + "/size")).isEqualTo(Long.toString(6L * 1024 * 1024 / 512));

        disk.detach(STEP);

        assertThat(disk.state()).isEqualTo(DeviceState.DETACHED);
        assertThat(guest.check("ls /sys/block")).doesNotContain(dev);
        assertThat(vm.freeRootPorts()).contains(disk.rootPort().get());
    }

    @Test
    @Order(5)
    void aHotAddedVirtioNicOnASpareRootPortAppearsAndDisappearsInTheGuest() throws Exception {
        String before = guest.check("ls /sys/class/net");
        int mark = guest.mark();
        DeviceHandle nic = vm.attach(Nic.virtio(NicBackend.user()));
        assertThat(nic.rootPort()).isPresent();
        String added = guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add net "), STEP);
        String ifname = added.split(" ")[3];
        assertThat(before).doesNotContain(ifname);
        assertThat(guest.check("cat /sys/class/net/" + ifname + "/address")).isNotBlank();

        nic.detach(STEP);

        assertThat(nic.state()).isEqualTo(DeviceState.DETACHED);
        assertThat(guest.check("ls /sys/class/net")).doesNotContain(ifname);
    }

    @Test
    @Order(6)
    void theBalloonGoesToHalfAndBackAndTheGuestSeesIt() throws Exception {
        long totalKib = memTotalKib();
        BalloonStatus half = vm.setMemory(128, STEP);
        assertThat(half.actualMib()).isEqualTo(128);
        long shrunkKib = memTotalKib();
        assertThat(totalKib - shrunkKib).isBetween(120L * 1024, 136L * 1024);

        vm.setMemory(256, STEP);
        assertThat(memTotalKib()).isEqualTo(totalKib);
        GuestMemoryStats stats = vm.guestMemoryStats(STEP);
        assertThat(stats.stat("stat-total-memory")).isPresent();
    }

    private long memTotalKib() throws Exception {
        String line = guest.check("grep MemTotal /proc/meminfo");
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Test
    @Order(7)
    void aNinePShareIsReadableAndWritableBothWays() throws Exception {
        guest.check("mkdir -p /mnt/share && mount -t 9p -o trans=virtio,version=9p2000.L hostshare /mnt/share");
        assertThat(guest.check("cat /mnt/share/from-host.txt")).isEqualTo("hello from the host");
        guest.check("echo hello from the guest > /mnt/share/from-guest.txt");
        assertThat(Files.readString(share.resolve("from-guest.txt"))).isEqualTo("hello from the guest\n");
        Files.writeString(share.resolve("from-host.txt"), "changed on the host\n");
        assertThat(guest.check("cat /mnt/share/from-host.txt")).isEqualTo("changed on the host");
        guest.check("umount /mnt/share");
    }

    @Test
    @Order(8)
    void aUsbStorageDiskIsSeenByTheGuest() throws Exception {
        Path image = TestMachines.image(dir, "usb.img", 4);
        int mark = guest.mark();
        DeviceHandle usb = vm.attach(Disk.imageFile(image.toString()).attachment(
                io.jqemu.core.model.DiskAttachment.usbStorage()).build());
        String added = guest.awaitLine(mark, l -> l.matches("JQEMU-UEVENT add block sd[a-z] .*usb.*"), STEP);
        String dev = added.split(" ")[3];
        assertThat(guest.check("cat /sys/block/" + dev + "/size")).isEqualTo(Long.toString(4L * 1024 * 1024 / 512));
        usb.detach(STEP);
        assertThat(usb.state()).isEqualTo(DeviceState.DETACHED);
    }

    @Test
    @Order(9)
    void anUnplugThePausedGuestCannotAnswerTimesOutAndCompletesOnceTheGuestRuns() throws Exception {
        DeviceHandle nic = vm.attach(Nic.virtio(NicBackend.user()));
        vm.pause();
        assertThat(vm.state()).isEqualTo(VmState.PAUSED);

        assertThatThrownBy(() -> nic.detach(Duration.ofMillis(500)))
                .isInstanceOf(DeviceReleaseTimeoutException.class)
                .hasMessageContaining("the guest did not release the device " + nic.id());
        assertThat(nic.state()).isEqualTo(DeviceState.DETACH_PENDING);
        assertThat(vm.hotpluggedDevices()).contains(nic);

        vm.resume();
        nic.detached().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(nic.state()).isEqualTo(DeviceState.DETACHED);
        assertThat(vm.hotpluggedDevices()).doesNotContain(nic);
    }

    @Test
    @Order(10)
    void aPausedGuestIsRefusedAGracefulShutdown() {
        vm.pause();
        try {
            assertThatThrownBy(vm::shutdown).isInstanceOf(GuestPausedException.class)
                    .hasMessageContaining("cannot act on the ACPI power button");
            assertThat(vm.state()).isEqualTo(VmState.PAUSED);
        } finally {
            vm.resume();
        }
    }

    @Test
    @Order(11)
    void theColdPluggedScsiDiskFromTheMachineIsDetachedAndTheGuestLosesIt() throws Exception {
        assertThatThrownBy(() -> vm.device("disk7")).isInstanceOf(LauncherException.class)
                .hasMessage("VM " + vm.name() + " has no device 'disk7' to detach (devices: disk0)");
        DeviceHandle cold = vm.device("disk0");
        assertThat(cold.device()).isInstanceOf(io.jqemu.core.model.Disk.class);
        assertThat(cold.rootPort()).isEmpty();
        assertThat(vm.device("disk0")).isSameAs(cold);
        int mark = guest.mark();

        cold.detach(STEP);

        assertThat(cold.state()).isEqualTo(DeviceState.DETACHED);
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT remove block sda"), STEP);
        assertThat(guest.check("ls /sys/block")).doesNotContain("sda");
        assertThat(vm.qmp().execute("query-named-block-nodes").toString()).doesNotContain("disk0");
        assertThatThrownBy(() -> vm.device("disk0")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("has no device 'disk0'");
    }

    @Test
    @Order(12)
    void aGracefulShutdownEndsInGuestPowerOffExitZeroAndTheHostUndone() throws Exception {
        Path stateDir = vm.stateDir();
        Path runtimeDir = vm.serialConsoleSocket().orElseThrow().getParent();
        int mark = guest.mark();

        ShutdownResult result = vm.shutdown();

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_POWEROFF);
        assertThat(result.guestPoweredOff()).isTrue();
        assertThat(result.exitStatus().exitCode()).hasValue(0);
        assertThat(vm.state()).isEqualTo(VmState.STOPPED);
        guest.awaitLine(mark, "JQEMU-GUEST-POWEROFF"::equals, STEP);
        assertThat(runtimeDir).doesNotExist();
        assertThat(new UndoJournal(stateDir.resolve(UndoJournal.FILE_NAME)).pending()).isEmpty();
        assertThat(stateDir.resolve("vm.properties")).doesNotExist();
        assertThat(seen).containsSubsequence(VmState.RUNNING, VmState.SHUTTING_DOWN, VmState.STOPPED);
    }
}
