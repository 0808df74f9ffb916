package io.jqemu.junit.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.launcher.BalloonStatus;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.DeviceReleaseTimeoutException;
import io.jqemu.launcher.DeviceState;
import io.jqemu.launcher.GuestMemoryStats;
import io.jqemu.launcher.GuestPausedException;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.launcher.ShutdownStep;
import io.jqemu.launcher.VmState;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.junit.ConsoleShell;
import io.jqemu.junit.TestVm;
import io.jqemu.junit.Vm;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One booted test guest, checked step by step in order, ending with a graceful shutdown. The guest
 * comes from jqemu-junit's extension (a static {@link Vm} field): launched paused, its console
 * connected, resumed, ready; stopped and its files removed after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class GuestVmTest {
    private static final Duration STEP = Duration.ofSeconds(30);

    @Vm(machine = "guest", ready = ConsoleShell.READY)
    static TestVm testVm;

    private Path dir;
    private Path share;
    private RunningVm vm;
    private ConsoleShell guest;
    private final List<VmState> seen = new CopyOnWriteArrayList<>();

    /**
     * The tiny test guest: direct kernel boot, a cold-plugged scsi disk, xHCI, a balloon, a 9p
     * share, a serial console on a unix socket and spare root ports.
     */
    static MachineBuilder guest(Path dir) throws IOException {
        Path share = Files.createDirectories(dir.resolve("share"));
        Files.writeString(share.resolve("from-host.txt"), "hello from the host\n");
        TestGuest test = TestGuest.get();
        return Machine.builder().memoryMib(256).spareRootPorts(3)
                .virtioScsi()
                .usb(UsbController.xhci())
                .disk(Disk.imageFile(image(dir, "cold.img", 16).toString()).scsiHd(0, 0, 0).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .balloon(Balloon.DEFAULT)
                .share(new SharedDirectory(share.toString(), "hostshare", SharedDirectory.SecurityModel.NONE, false))
                .directKernelBoot(DirectKernelBoot.kernel(test.vmlinux().toString())
                        .withInitrd(test.initramfs().toString()).withCmdline(test.cmdline()));
    }

    private static Path image(Path dir, String name, int mib) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength((long) mib << 20);
        }
        return file;
    }

    @BeforeAll
    void watch() {
        dir = testVm.dir();
        share = dir.resolve("share");
        vm = testVm.vm();
        guest = testVm.console();
        vm.addStateListener((v, from, to) -> seen.add(to));
    }

    @Test
    @Order(1)
    void bootsToUserlandRunningWithQemusLogInTheStateDirectory() throws Exception {
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(check("uname -r")).isEqualTo(TestGuest.get().kernelVersion());
        assertThat(vm.logFile()).exists().hasParent(vm.stateDir());
    }

    @Test
    @Order(2)
    void theColdPluggedScsiDiskIsSeenByTheGuest() throws Exception {
        assertThat(check("cat /sys/block/sda/size")).isEqualTo(Long.toString(16L * 1024 * 1024 / 512));
        assertThat(check("cat /sys/block/sda/device/model")).contains("QEMU HARDDISK");
    }

    @Test
    @Order(3)
    void aHotAddedScsiDiskAppearsAndDisappearsInTheGuest() throws Exception {
        Path image = image(dir, "hot.img", 8);
        long mark = guest.mark();
        DeviceHandle disk = vm.attach(Disk.imageFile(image.toString()).scsiHd(0, 0, 1).build());
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add block sdb"), "the line starting with 'JQEMU-UEVENT add block sdb'", STEP);
        assertThat(check("cat /sys/block/sdb/size")).isEqualTo(Long.toString(8L * 1024 * 1024 / 512));

        mark = guest.mark();
        disk.detach(STEP);

        assertThat(disk.state()).isEqualTo(DeviceState.DETACHED);
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT remove block sdb"), "the line starting with 'JQEMU-UEVENT remove block sdb'", STEP);
        assertThat(check("ls /sys/block")).doesNotContain("sdb");
        assertThat(vm.qmp().execute("query-named-block-nodes").toString()).doesNotContain(disk.id());
    }

    @Test
    @Order(4)
    void aHotAddedVirtioBlkDiskOnASpareRootPortAppearsAndDisappearsInTheGuest() throws Exception {
        Path image = image(dir, "blk.img", 6);
        long mark = guest.mark();
        DeviceHandle disk = vm.attach(Disk.imageFile(image.toString()).virtioBlk().build());
        assertThat(disk.rootPort()).isPresent();
        String added = guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add block vd"), "the line starting with 'JQEMU-UEVENT add block vd'", STEP);
        String dev = added.split(" ")[3];
        assertThat(check("cat /sys/block/" + dev + "/size")).isEqualTo(Long.toString(6L * 1024 * 1024 / 512));

        disk.detach(STEP);

        assertThat(disk.state()).isEqualTo(DeviceState.DETACHED);
        assertThat(check("ls /sys/block")).doesNotContain(dev);
        assertThat(vm.freeRootPorts()).contains(disk.rootPort().get());
    }

    @Test
    @Order(5)
    void aHotAddedVirtioNicOnASpareRootPortAppearsAndDisappearsInTheGuest() throws Exception {
        String before = check("ls /sys/class/net");
        long mark = guest.mark();
        DeviceHandle nic = vm.attach(Nic.virtio(NicBackend.user()));
        assertThat(nic.rootPort()).isPresent();
        String added = guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT add net "), "the line starting with 'JQEMU-UEVENT add net '", STEP);
        String ifname = added.split(" ")[3];
        assertThat(before).doesNotContain(ifname);
        assertThat(check("cat /sys/class/net/" + ifname + "/address")).isNotBlank();

        nic.detach(STEP);

        assertThat(nic.state()).isEqualTo(DeviceState.DETACHED);
        assertThat(check("ls /sys/class/net")).doesNotContain(ifname);
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

    private String check(String command) {
        return guest.check(command, STEP);
    }

    private long memTotalKib() throws Exception {
        String line = check("grep MemTotal /proc/meminfo");
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Test
    @Order(7)
    void aNinePShareIsReadableAndWritableBothWays() throws Exception {
        check("mkdir -p /mnt/share && mount -t 9p -o trans=virtio,version=9p2000.L hostshare /mnt/share");
        assertThat(check("cat /mnt/share/from-host.txt")).isEqualTo("hello from the host");
        check("echo hello from the guest > /mnt/share/from-guest.txt");
        assertThat(Files.readString(share.resolve("from-guest.txt"))).isEqualTo("hello from the guest\n");
        Files.writeString(share.resolve("from-host.txt"), "changed on the host\n");
        assertThat(check("cat /mnt/share/from-host.txt")).isEqualTo("changed on the host");
        check("umount /mnt/share");
    }

    @Test
    @Order(8)
    void aUsbStorageDiskIsSeenByTheGuest() throws Exception {
        Path image = image(dir, "usb.img", 4);
        long mark = guest.mark();
        DeviceHandle usb = vm.attach(Disk.imageFile(image.toString()).attachment(
                io.jqemu.core.model.DiskAttachment.usbStorage()).build());
        String added = guest.awaitLine(mark, l -> l.matches("JQEMU-UEVENT add block sd[a-z] .*usb.*"), "the line matching 'JQEMU-UEVENT add block sd[a-z] .*usb.*'", STEP);
        String dev = added.split(" ")[3];
        assertThat(check("cat /sys/block/" + dev + "/size")).isEqualTo(Long.toString(4L * 1024 * 1024 / 512));
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
        long mark = guest.mark();

        cold.detach(STEP);

        assertThat(cold.state()).isEqualTo(DeviceState.DETACHED);
        guest.awaitLine(mark, l -> l.startsWith("JQEMU-UEVENT remove block sda"), "the line starting with 'JQEMU-UEVENT remove block sda'", STEP);
        assertThat(check("ls /sys/block")).doesNotContain("sda");
        assertThat(vm.qmp().execute("query-named-block-nodes").toString()).doesNotContain("disk0");
        assertThatThrownBy(() -> vm.device("disk0")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("has no device 'disk0'");
    }

    @Test
    @Order(12)
    void aGracefulShutdownEndsInGuestPowerOffExitZeroAndTheHostUndone() throws Exception {
        Path stateDir = vm.stateDir();
        Path runtimeDir = vm.serialConsoleSocket().orElseThrow().getParent();
        long mark = guest.mark();

        ShutdownResult result = vm.shutdown();

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.GUEST_POWEROFF);
        assertThat(result.guestPoweredOff()).isTrue();
        assertThat(result.exitStatus().exitCode()).hasValue(0);
        assertThat(vm.state()).isEqualTo(VmState.STOPPED);
        guest.awaitLine(mark, "JQEMU-GUEST-POWEROFF"::equals, "the line 'JQEMU-GUEST-POWEROFF'", STEP);
        assertThat(runtimeDir).doesNotExist();
        assertThat(new UndoJournal(stateDir.resolve(UndoJournal.FILE_NAME)).pending()).isEmpty();
        assertThat(stateDir.resolve("vm.properties")).doesNotExist();
        assertThat(seen).containsSubsequence(VmState.SHUTTING_DOWN, VmState.STOPPED);
    }
}
