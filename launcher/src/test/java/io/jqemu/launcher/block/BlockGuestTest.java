package io.jqemu.launcher.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.GuestShell;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.qmp.ga.FsFreezeStatus;
import io.jqemu.qmp.ga.QgaClient;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots and backups of the booted test guest's qcow2 disks (one guest for the class, booted
 * again once after the revert): disk0 (32 MiB) takes the snapshots, disk1 (16 MiB) the backups, and
 * an ext4 file system on disk2 (8 MiB) is what the guest agent freezes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class BlockGuestTest {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration AGENT = Duration.ofSeconds(60);
    private static final Duration JOB = Duration.ofMinutes(3);
    private static final int A_OFFSET = 4096;
    private static final int B_OFFSET = 8192;
    private static final int C_OFFSET = 12288;

    private Path dir;
    private Path base;
    private Launcher launcher;
    private Machine machine;
    private RunningVm vm;
    private GuestShell guest;
    private String snapDisk;
    private String backupDisk;
    private String fsDisk;

    @BeforeAll
    void boot(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        base = dir.resolve("snap.qcow2");
        BlockJobTest.run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "32M");
        Path backed = dir.resolve("backed.qcow2");
        BlockJobTest.run("qemu-img", "create", "-q", "-f", "qcow2", backed.toString(), "16M");
        launcher = Launcher.builder().qemuBinary(QemuBinary.path()).stateRoot(dir.resolve("state"))
                .runtimeRoot(TestMachines.shortTempDir("jqblk")).startTimeout(Duration.ofSeconds(20)).build();
        machine = Machine.builder().name("blockvm").memoryMib(256).virtioScsi()
                .disk(Disk.imageFile(base.toString()).format(DiskFormat.QCOW2).scsiHd(0, 0, 0).build())
                .disk(Disk.imageFile(backed.toString()).format(DiskFormat.QCOW2).scsiHd(0, 1, 0).build())
                .disk(Disk.imageFile(TestMachines.image(dir, "fs.img", 8).toString()).scsiHd(0, 2, 0).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .device(new GuestAgent())
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
        start();
    }

    /** Launches the machine, waits for the guest and finds its disks by size (the SCSI scan order varies). */
    private void start() throws Exception {
        vm = launcher.launch(machine);
        guest = new GuestShell(vm.serialConsole());
        guest.awaitReady(BOOT);
        java.util.Map<String, String> bySize = new java.util.HashMap<>();
        guest.check("for d in /sys/block/sd*; do echo ${d##*/} $(cat $d/size); done").lines()
                .map(l -> l.strip().split(" ")).filter(p -> p.length == 2).forEach(p -> bySize.put(p[1], p[0]));
        snapDisk = bySize.get("65536");
        backupDisk = bySize.get("32768");
        fsDisk = bySize.get("16384");
        assertThat(List.of(snapDisk, backupDisk, fsDisk)).doesNotContainNull();
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
    void anApplicationConsistentSnapshotFreezesAndThawsTheGuestAndTakesTheLaterWrites() throws Exception {
        mark(snapDisk, A_OFFSET, "A");
        guest.check("modprobe crc32c_generic && modprobe ext4 && mke2fs -q /dev/" + fsDisk + " && mount -t ext4 /dev/" + fsDisk + " /mnt");
        QgaClient agent = vm.guestAgent(AGENT);

        SnapshotTaken taken = vm.snapshots().create("disk0", "s1", SnapshotConsistency.APPLICATION, Optional.empty());

        assertThat(taken.frozenFileSystems()).hasValue(1);
        assertThat(taken.thawedFileSystems()).hasValue(1);
        assertThat(agent.fsFreezeStatus()).isEqualTo(FsFreezeStatus.THAWED);
        assertThat(taken.snapshot().image()).isEqualTo(base.toString());
        assertThat(taken.snapshot().overlay()).isEqualTo(base + ".s1.qcow2");
        assertThat(vm.snapshots().list("disk0")).containsExactly(taken.snapshot());

        mark(snapDisk, B_OFFSET, "B");
        byte[] baseNow = readImage(base);
        assertThat(region(baseNow, A_OFFSET)).isEqualTo(marker("A"));
        assertThat(region(baseNow, B_OFFSET)).as("B went to the overlay").isEqualTo(new byte[512]);
        assertThat(region(readImage(Path.of(taken.snapshot().overlay())), B_OFFSET)).isEqualTo(marker("B"));
    }

    @Test
    @Order(2)
    void aSnapshotThatFailsStillThawsTheGuestAndChangesNothing() throws Exception {
        QgaClient agent = vm.guestAgent(AGENT);

        assertThatThrownBy(() -> vm.snapshots().create("disk0", "s2", SnapshotConsistency.APPLICATION,
                Optional.of(Path.of("/nonexistent-jqemu-dir/s2.qcow2"))))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("snapshot 's2' of disk disk0 failed (the guest's file systems were thawed: 1)")
                .hasMessageContaining("/nonexistent-jqemu-dir/s2.qcow2");

        assertThat(agent.fsFreezeStatus()).isEqualTo(FsFreezeStatus.THAWED);
        guest.check("touch /mnt/written-after-the-failed-snapshot");
        assertThat(vm.snapshots().list("disk0")).extracting(Snapshot::name).containsExactly("s1");
        assertThat(BlockGraph.topNode(vm.qmp(), "disk0")).startsWith(DiskSnapshots.NODE_PREFIX);
        assertThatThrownBy(() -> vm.snapshots().create("disk0", "s1", SnapshotConsistency.CRASH, Optional.empty()))
                .hasMessageContaining("already has a snapshot 's1'");
    }

    @Test
    @Order(3)
    void aRestoredFullAndIncrementalChainHoldsExactlyTheGuestsData() throws Exception {
        guest.check("dd if=/dev/urandom of=/dev/" + backupDisk + " bs=1M count=4 conv=fsync");
        BackupResult full = vm.backups().start("disk1", false, Optional.empty(), OptionalLong.empty()).await(JOB);
        assertThat(full.backup().full()).isTrue();
        assertThat(full.fullBecause()).hasValue("disk disk1 has no earlier backup");

        guest.check("dd if=/dev/urandom of=/dev/" + backupDisk + " bs=1M count=1 seek=8 conv=fsync");
        BackupResult incremental = vm.backups().start("disk1", false, Optional.empty(), OptionalLong.empty()).await(JOB);
        assertThat(incremental.backup().full()).isFalse();
        assertThat(incremental.fullBecause()).isEmpty();
        assertThat(Files.size(Path.of(incremental.backup().file()))).as("only the changed MiB")
                .isLessThan(Files.size(Path.of(full.backup().file())) / 2);
        assertThat(BlockGraph.image(vm.qmp(), "fmt-disk1").dirtyBitmaps()).extracting(b -> b.name())
                .containsExactly(incremental.backup().bitmap());
        String inGuest = guest.check("md5sum /dev/" + backupDisk).strip().split("\\s+")[0];

        Path restored = dir.resolve("restored.raw");
        List<Backup> read = DiskBackups.restore(vm.stateDir(), "disk1", Optional.empty(), restored, "raw",
                QemuImg.besideQemu(QemuBinary.path()));

        assertThat(read).containsExactly(full.backup(), incremental.backup());
        assertThat(md5(restored)).isEqualTo(inGuest);
        assertThat(Files.size(restored)).isEqualTo(16L << 20);
        assertThatThrownBy(() -> DiskBackups.restore(vm.stateDir(), "disk1", Optional.empty(), restored, "raw",
                QemuImg.besideQemu(QemuBinary.path()))).hasMessageContaining("already exists");
        assertThat(BackupChain.load(vm.stateDir(), "disk1").backups()).hasSize(2);
    }

    @Test
    @Order(4)
    void afterARevertOnlyTheEarlierWriteIsThereAndALiveCommitPutsLaterWritesIntoTheBase() throws Exception {
        guest.check("umount /mnt");
        Path overlay = Path.of(base + ".s1.qcow2");
        assertThatThrownBy(() -> DiskSnapshots.revert(vm.stateDir(), "disk0", "s1", QemuImg.besideQemu(QemuBinary.path())))
                .isInstanceOf(io.jqemu.launcher.VmLockedException.class);
        guest.close();
        vm.stop();

        SnapshotChain reverted = DiskSnapshots.revert(vm.stateDir(), "disk0", "s1", QemuImg.besideQemu(QemuBinary.path()));
        assertThat(reverted.snapshots()).extracting(Snapshot::name).containsExactly("s1");
        assertThat(launcher.render(machine).argv()).anyMatch(a -> a.contains(overlay.toString()));
        start();

        assertThat(guest.check("dd if=/dev/" + snapDisk + " bs=512 skip=8 count=1 2>/dev/null | head -c 1; echo").strip()).isEqualTo("A");
        assertThat(guest.check("dd if=/dev/" + snapDisk + " bs=512 skip=16 count=1 2>/dev/null | tr -d '\\000' | wc -c").strip())
                .as("B was written after the snapshot").isEqualTo("0");

        mark(snapDisk, B_OFFSET, "B");
        SnapshotChain committed = vm.snapshots().commit("disk0", Optional.empty()).await(JOB);

        assertThat(committed.snapshots()).isEmpty();
        assertThat(vm.snapshots().list("disk0")).isEmpty();
        assertThat(overlay).doesNotExist();
        assertThat(vm.jobs()).isEmpty();
        mark(snapDisk, C_OFFSET, "C");
        byte[] baseNow = readImage(base);
        assertThat(region(baseNow, A_OFFSET)).isEqualTo(marker("A"));
        assertThat(region(baseNow, B_OFFSET)).isEqualTo(marker("B"));
        assertThat(region(baseNow, C_OFFSET)).as("the disk writes to its base again").isEqualTo(marker("C"));
    }

    /** Writes 512 bytes of "X\n" at {@code offset} of the guest's {@code /dev/<device>}, synced. */
    private void mark(String device, int offset, String letter) throws Exception {
        guest.check("yes " + letter + " | head -c 512 | dd of=/dev/" + device + " bs=512 seek=" + offset / 512
                + " conv=fsync 2>/dev/null");
    }

    private static byte[] marker(String letter) {
        byte[] m = new byte[512];
        for (int i = 0; i < m.length; i += 2) {
            m[i] = (byte) letter.charAt(0);
            m[i + 1] = '\n';
        }
        return m;
    }

    private static byte[] region(byte[] image, int offset) {
        return Arrays.copyOfRange(image, offset, offset + 512);
    }

    /** The guest-visible content of a qcow2 image (read while QEMU may hold it: {@code -U}). */
    private byte[] readImage(Path image) throws Exception {
        Path raw = Files.createTempFile(dir, "read", ".raw");
        Files.delete(raw);
        BlockJobTest.run("qemu-img", "convert", "-U", "-O", "raw", image.toString(), raw.toString());
        byte[] content = Files.readAllBytes(raw);
        Files.delete(raw);
        return content;
    }

    private static String md5(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
