package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.CloudInit;
import io.jqemu.core.model.Machine;
import io.jqemu.qmp.command.BlockNode;
import io.jqemu.qmp.command.QueryNamedBlockNodes;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
 * CD-ROM drives and the cloud-init seed in the booted test guest (one guest for the class): the
 * guest reads an ISO from an ide-cd drive; a mounted medium keeps the tray locked and eject says
 * so; the medium is changed live and the guest reads the new one; a medium inserted into an empty
 * scsi-cd drive is read; force ejects a mounted medium; the guest finds the FAT drive labelled
 * cidata holding the seed files; the seed directory is removed when the VM ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@BootsGuest
class CdromGuestTest {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration TRAY = Duration.ofSeconds(5);
    private static final String USER_DATA = "#cloud-config\nhostname: seeded\nruncmd:\n  - [echo, 'a, b=\"c\"']\n";
    private static final String NETWORK_CONFIG = "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n";
    /** The guest's CD-ROM block device on a bus: its sysfs path names the AHCI port (ata) or virtio-scsi. */
    private static final String DEVICE_ON = "for d in /sys/block/sr*; do case $(readlink -f $d) in *%s*) echo /dev/${d##*/};; esac; done";

    private Path dir;
    private Path first;
    private Path second;
    private Path third;
    private RunningVm vm;
    private GuestShell guest;
    private Path seedDir;

    @BeforeAll
    void boot(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        first = IsoImages.withFile(dir, "first", "first.txt", "the first medium\n");
        second = IsoImages.withFile(dir, "second", "second.txt", "the second medium\n");
        third = IsoImages.withFile(dir, "third", "third.txt", "the third medium\n");
        Path network = Files.writeString(dir.resolve("network.yaml"), NETWORK_CONFIG);
        Launcher launcher = Launcher.builder().qemuBinary(QemuBinary.path()).stateRoot(dir.resolve("state"))
                .runtimeRoot(TestMachines.shortTempDir("jqcd")).startTimeout(Duration.ofSeconds(20)).build();
        Machine machine = Machine.builder().name("cdvm").memoryMib(256)
                .virtioScsi()
                .cdrom(Cdrom.medium(first.toString()).ideCd(1))
                .cdrom(Cdrom.empty().scsiCd(0, 0, 0).id("spare"))
                .cloudInit(new CloudInit(Optional.of(new CloudInit.Content.Inline(USER_DATA)), Optional.empty(),
                        Optional.of(new CloudInit.Content.HostFile(network.toString()))))
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
        vm = launcher.launch(machine);
        seedDir = Path.of(Files.readString(vm.stateDir().resolve("runtime-dir")).strip()).resolve(CloudInit.DIRECTORY_NAME);
        guest = new GuestShell(vm.serialConsole());
        guest.awaitReady(BOOT);
        guest.check("for m in ahci sr_mod isofs vfat nls_cp437 nls_ascii nls_utf8; do modprobe $m || exit 1; done");
        guest.check("mkdir -p /mnt/ide /mnt/spare /mnt/seed");
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

    /** The guest's device of the drive on {@code bus} ({@code ata} or {@code virtio}), once the kernel has it. */
    private String device(String bus) throws Exception {
        String found = guest.check("for i in $(seq 1 30); do d=$(" + DEVICE_ON.formatted(bus)
                + "); [ -n \"$d\" ] && [ -e \"$d\" ] && { echo $d; exit 0; }; sleep 1; done; exit 1").strip();
        assertThat(found).startsWith("/dev/sr");
        return found;
    }

    /** Mounts the drive's medium read-only, retrying while the guest notices a medium just inserted. */
    private void mount(String device, String mountPoint) throws Exception {
        guest.check("for i in $(seq 1 20); do mount -t iso9660 -o ro " + device + " " + mountPoint
                + " 2>/dev/null && exit 0; sleep 1; done; mount -t iso9660 -o ro " + device + " " + mountPoint);
    }

    @Test
    @Order(1)
    void theGuestReadsTheIsoInTheIdeCdDrive() throws Exception {
        String device = device("ata");
        mount(device, "/mnt/ide");

        assertThat(guest.check("cat /mnt/ide/first.txt")).isEqualTo("the first medium");
        MediaStatus status = vm.media("cd0").status();
        assertThat(status.medium()).contains(first.toString());
        assertThat(status.trayOpen()).isFalse();
        assertThat(status.locked()).as("Linux locks the tray of a mounted medium").isTrue();
    }

    @Test
    @Order(2)
    void ejectingAMountedMediumReportsTheLockedTrayAndChangesNothing() throws Exception {
        MediaControl cd0 = vm.media("cd0").withTrayWait(TRAY);

        assertThatThrownBy(() -> cd0.eject(false)).isInstanceOf(MediaLockedException.class)
                .hasMessageContaining("keeps the tray of drive cd0 locked").hasMessageContaining("5 s");
        assertThatThrownBy(() -> cd0.change(second.toString(), false)).isInstanceOf(MediaLockedException.class);

        MediaStatus status = cd0.status();
        assertThat(status.medium()).contains(first.toString());
        assertThat(status.trayOpen()).isFalse();
        assertThat(guest.check("cat /mnt/ide/first.txt")).isEqualTo("the first medium");
    }

    @Test
    @Order(3)
    void theMediumIsChangedLiveAndTheGuestReadsTheNewOne() throws Exception {
        guest.check("umount /mnt/ide");
        MediaControl cd0 = vm.media("cd0").withTrayWait(TRAY);

        cd0.change(second.toString(), false);

        assertThat(cd0.status().medium()).contains(second.toString());
        assertThat(cd0.status().trayOpen()).isFalse();
        assertThat(vm.qmp().send(new QueryNamedBlockNodes())).extracting(BlockNode::nodeName)
                .doesNotContain(Cdrom.mediumNode("cd0")).contains("med1-cd0");
        mount(device("ata"), "/mnt/ide");
        assertThat(guest.check("cat /mnt/ide/second.txt")).isEqualTo("the second medium");
        assertThat(guest.check("ls /mnt/ide")).doesNotContain("first.txt");
        guest.check("umount /mnt/ide");
    }

    @Test
    @Order(4)
    void aMediumInsertedIntoTheEmptyScsiCdDriveIsRead() throws Exception {
        MediaControl spare = vm.media("spare").withTrayWait(TRAY);
        assertThat(spare.status().medium()).isEmpty();

        spare.insert(third.toString());
        assertThatThrownBy(() -> spare.insert(first.toString())).isInstanceOf(LauncherException.class)
                .hasMessageContaining("drive spare holds " + third);

        mount(device("virtio"), "/mnt/spare");
        assertThat(guest.check("cat /mnt/spare/third.txt")).isEqualTo("the third medium");
    }

    @Test
    @Order(5)
    void forceEjectsAMountedMedium() throws Exception {
        MediaControl spare = vm.media("spare").withTrayWait(TRAY);
        assertThat(spare.status().locked()).isTrue();

        spare.eject(true);

        MediaStatus status = spare.status();
        assertThat(status.medium()).isEmpty();
        assertThat(status.trayOpen()).isTrue();
        assertThat(vm.qmp().send(new QueryNamedBlockNodes())).extracting(BlockNode::nodeName)
                .noneMatch(n -> n.endsWith("-spare"));
        guest.check("umount /mnt/spare 2>/dev/null; true");
    }

    @Test
    @Order(6)
    void unknownDrivesAndMissingFilesAreNamed() {
        assertThatThrownBy(() -> vm.media("cd7")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("no CD-ROM drive 'cd7'").hasMessageContaining("cd0, spare");
        MediaControl cd0 = vm.media("cd0");
        assertThatThrownBy(() -> cd0.change(dir.resolve("missing.iso").toString(), false))
                .isInstanceOf(LauncherException.class).hasMessageContaining("missing.iso does not exist");
        assertThat(cd0.status().medium()).as("a missing file leaves the medium in place").contains(second.toString());
    }

    @Test
    @Order(7)
    void theGuestFindsTheCidataDriveWithTheSeedFiles() throws Exception {
        String device = guest.check("findfs LABEL=cidata").strip();
        assertThat(device).startsWith("/dev/vd");
        guest.check("mount -t vfat -o ro " + device + " /mnt/seed");

        assertThat(guest.check("cat /mnt/seed/user-data")).isEqualTo(USER_DATA.stripTrailing());
        assertThat(guest.check("cat /mnt/seed/meta-data")).isEqualTo("instance-id: \"cdvm\"\nlocal-hostname: \"cdvm\"");
        assertThat(guest.check("cat /mnt/seed/network-config")).isEqualTo(NETWORK_CONFIG.stripTrailing());
        assertThatThrownBy(() -> guest.check("touch /mnt/seed/x")).hasMessageContaining("Read-only");
        assertThat(Files.getPosixFilePermissions(seedDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(seedDir.resolve("user-data")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @Order(8)
    void theSeedDirectoryIsRemovedWhenTheVmEnds() {
        assertThat(seedDir).isDirectory();

        vm.kill();

        assertThat(seedDir).doesNotExist();
    }
}
