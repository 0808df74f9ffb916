package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.Violation;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskCreation;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.image.ImageException;
import io.jqemu.launcher.image.ImageInfo;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.qmp.command.QueryNodeSizes;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disks created by the launcher ({@code create}) and grown live or offline, against a real QEMU
 * started paused (no guest: {@code GuestDiskAndStateTest} shows what the guest sees).
 */
@RequiresQemu
class DiskImageLaunchTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private final QemuImg qemuImg = QemuImg.besideQemu(QemuBinary.path());

    private static Machine withDisk(String name, Disk disk) {
        return TestMachines.empty(name).disk(disk).build();
    }

    @Test
    void aMissingImageIsCreatedPrivateWithItsFormatAndSizeAndKeptAfterTheVmStops() throws Exception {
        Path image = dir.resolve("new.qcow2");
        Machine machine = withDisk("created", Disk.imageFile(image.toString()).format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("48M")).build());
        Launcher launcher = TestMachines.launcher(dir);
        assertThat(launcher.hostReport(machine).needs()).anyMatch(n -> n.description()
                .contains("creates the qcow2 image " + image + " of 48M"));

        RunningVm vm = launcher.launch(machine, LaunchOptions.startPaused());
        assertThat(vm.qmp().send(new QueryNodeSizes())).containsEntry("fmt-disk0", 48 * MIB);
        vm.stop();

        assertThat(image).exists();
        ImageInfo info = qemuImg.info(image);
        assertThat(info.format()).isEqualTo("qcow2");
        assertThat(info.virtualSize()).isEqualTo(48 * MIB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image))).isEqualTo("rw-------");
        assertThat(vm.stateDir().resolve(UndoJournal.FILE_NAME)).doesNotExist();
        // the next start uses it as it is
        RunningVm again = launcher.launch(machine, LaunchOptions.startPaused());
        again.stop();
        assertThat(qemuImg.info(image).virtualSize()).isEqualTo(48 * MIB);
    }

    @Test
    void anExistingFileIsNeverOverwrittenNorResized() throws Exception {
        Path image = TestMachines.image(dir, "existing.raw", 1);
        Files.write(image, "precious data".getBytes(StandardCharsets.US_ASCII));
        Files.write(image, new byte[(int) MIB - 13], java.nio.file.StandardOpenOption.APPEND);
        Machine machine = withDisk("existing", Disk.imageFile(image.toString()).create(DiskCreation.ofSize("8M")).build());

        RunningVm vm = TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused());
        assertThat(vm.qmp().send(new QueryNodeSizes())).containsEntry("fmt-disk0", MIB);
        vm.stop();

        assertThat(Files.size(image)).isEqualTo(MIB);
        assertThat(new String(Files.readAllBytes(image), 0, 13, StandardCharsets.US_ASCII)).isEqualTo("precious data");
    }

    @Test
    void anExistingFileOfTheOtherFormatIsRefusedAndLeftAlone() throws Exception {
        Path image = TestMachines.image(dir, "raw-not-qcow2.img", 1);
        Machine machine = withDisk("wrongformat", Disk.imageFile(image.toString()).format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("8M")).build());
        Launcher launcher = TestMachines.launcher(dir);

        assertThat(launcher.preflight(machine)).extracting(Violation::path).containsExactly("disks[0].path");
        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("disks[0].path")
                .hasMessageContaining("exists and is not a qcow2 image, but the disk's format is qcow2");
        assertThat(Files.size(image)).isEqualTo(MIB);
        assertThat(qemuImg.info(image).format()).isEqualTo("raw");
    }

    @Test
    void anImageCreatedForALaunchThatFailsIsRemoved() throws Exception {
        Path image = dir.resolve("doomed.qcow2");
        Machine machine = TestMachines.empty("doomed").disk(Disk.imageFile(image.toString()).format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("16M")).build())
                .unsafeExtraArgs(List.of("-device", "no-such-device-model")).build();
        Launcher launcher = TestMachines.launcher(dir);

        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused()))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("no-such-device-model");

        assertThat(image).doesNotExist();
        assertThat(dir.resolve("state/doomed")).doesNotExist();
    }

    @Test
    void aQcow2ImageIsCreatedOnItsBackingAndAMissingBackingIsAPreflightFailure() throws Exception {
        Path base = dir.resolve("base.raw");
        qemuImg.create(base, "raw", 4 * MIB, Optional.empty());
        Path overlay = dir.resolve("overlay.qcow2");
        Machine machine = withDisk("overlay", Disk.imageFile(overlay.toString()).format(DiskFormat.QCOW2)
                .create(DiskCreation.ofSize("8M").withBacking(base.toString())).build());
        Launcher launcher = TestMachines.launcher(dir);

        launcher.launch(machine, LaunchOptions.startPaused()).stop();

        ImageInfo info = qemuImg.info(overlay);
        assertThat(info.backingFile()).contains(base.toString());
        assertThat(info.json().get("backing-filename-format").asText()).isEqualTo("raw");
        assertThat(info.virtualSize()).isEqualTo(8 * MIB);

        Machine missing = withDisk("nobacking", Disk.imageFile(dir.resolve("o2.qcow2").toString())
                .format(DiskFormat.QCOW2).create(DiskCreation.ofSize("8M").withBacking(dir.resolve("gone.qcow2").toString()))
                .build());
        assertThat(launcher.preflight(missing)).containsExactly(new Violation("disks[0].create.backing",
                dir.resolve("gone.qcow2") + " does not exist"));
        assertThat(dir.resolve("o2.qcow2")).doesNotExist();
    }

    @Test
    void qemuImgCreateNeverOverwritesAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("taken.img"), "mine");

        assertThatThrownBy(() -> qemuImg.create(file, "raw", MIB, Optional.empty()))
                .isInstanceOf(QemuImg.FileExistsException.class)
                .hasMessageContaining("already exists; jqemu never overwrites");
        assertThat(file).hasContent("mine");
    }

    @Test
    void aDiskGrowsLiveButIsNeverShrunk() throws Exception {
        Path image = TestMachines.image(dir, "live.raw", 8);
        RunningVm vm = TestMachines.launcher(dir).launch(withDisk("grow", Disk.imageFile(image.toString()).build()),
                LaunchOptions.startPaused());
        try {
            assertThat(vm.resizeDisk("disk0", 24 * MIB)).isEqualTo(8 * MIB);
            assertThat(vm.qmp().send(new QueryNodeSizes())).containsEntry("fmt-disk0", 24 * MIB);

            assertThatThrownBy(() -> vm.resizeDisk("disk0", 16 * MIB))
                    .isInstanceOf(LauncherException.class)
                    .hasMessageContaining("refusing to shrink disk disk0 from 24M to 16M");
            assertThatThrownBy(() -> vm.resizeDisk("disk9", 16 * MIB)).hasMessageContaining("has no disk 'disk9'");
            assertThatThrownBy(() -> vm.resizeDisk("disk0", 1000)).hasMessageContaining("not a multiple of 512");
            assertThat(vm.qmp().send(new QueryNodeSizes())).containsEntry("fmt-disk0", 24 * MIB);
        } finally {
            vm.stop();
        }
        assertThat(Files.size(image)).isEqualTo(24 * MIB);
    }

    @Test
    void offlineGrowthIsRefusedWhileAVmHoldsTheImageAndShrinkingAlways() throws Exception {
        Path image = TestMachines.image(dir, "held.raw", 8);
        RunningVm vm = TestMachines.launcher(dir).launch(withDisk("held", Disk.imageFile(image.toString()).build()),
                LaunchOptions.startPaused());
        try {
            assertThatThrownBy(() -> qemuImg.grow(image, 16 * MIB))
                    .isInstanceOf(ImageException.class)
                    .hasMessageContaining("lock");
        } finally {
            vm.stop();
        }
        assertThat(qemuImg.grow(image, 16 * MIB).virtualSize()).isEqualTo(8 * MIB);
        assertThat(Files.size(image)).isEqualTo(16 * MIB);
        assertThatThrownBy(() -> qemuImg.grow(image, 8 * MIB))
                .hasMessageContaining("refusing to shrink " + image + " from 16M to 8M");
    }

    @Test
    void aHotPluggedDiskToCreateIsCreatedAndKeptAfterItIsDetached() throws Exception {
        Path image = dir.resolve("hot.qcow2");
        RunningVm vm = TestMachines.launcher(dir).launch(TestMachines.empty("hotcreate").virtioScsi().build(),
                LaunchOptions.startPaused());
        try {
            // a SCSI disk: QEMU unplugs it without the (absent) guest's help
            DeviceHandle disk = vm.attach(Disk.imageFile(image.toString()).format(DiskFormat.QCOW2).scsiHd(0, 0, 0)
                    .create(DiskCreation.ofSize("12M")).build());
            assertThat(vm.qmp().send(new QueryNodeSizes())).containsEntry("fmt-" + disk.id(), 12 * MIB);
            disk.detach(Duration.ofSeconds(30));
        } finally {
            vm.stop();
        }
        assertThat(qemuImg.info(image).virtualSize()).isEqualTo(12 * MIB);
    }
}
