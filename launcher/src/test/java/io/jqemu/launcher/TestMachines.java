package io.jqemu.launcher;

import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.TestGuest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Machines and launchers the launcher tests share. */
public final class TestMachines {
    private TestMachines() {
    }

    /** A launcher whose state and runtime roots live under {@code dir} (runtime root kept short). */
    public static Launcher launcher(Path dir) throws IOException {
        return launcher(dir, shortTempDir("jqr"));
    }

    /** A launcher whose state root lives under {@code dir}, with the runtime root {@code runtime}. */
    public static Launcher launcher(Path dir, Path runtime) {
        return Launcher.builder()
                .stateRoot(dir.resolve("state"))
                .runtimeRoot(runtime)
                .qemuBinary(QemuBinary.path())
                .startTimeout(java.time.Duration.ofSeconds(20))
                .build();
    }

    /** Direct kernel boot of the test guest from {@code kernel}: its vmlinux for TCG, its bzImage under OVMF. */
    public static DirectKernelBoot guestBoot(Path kernel) {
        TestGuest guest = TestGuest.get();
        return DirectKernelBoot.kernel(kernel.toString()).withInitrd(guest.initramfs().toString()).withCmdline(guest.cmdline());
    }

    /**
     * A fresh directory directly under /tmp (unix socket paths must stay under 108 bytes wherever the
     * checkout lives), removed with its contents when the test JVM exits.
     */
    public static Path shortTempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException gone) {
            // already removed, or a VM of a failed test still holds it: nothing more to do at exit
        }
    }

    /** A guest-less machine: QEMU starts paused and has nothing to boot; one spare root port. */
    public static MachineBuilder empty(String name) {
        return Machine.builder().name(name).memoryMib(128).spareRootPorts(2);
    }

    /** A raw image of {@code mib} MiB. */
    public static Path image(Path dir, String name, int mib) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength((long) mib << 20);
        }
        return file;
    }

    /**
     * The tiny test guest: direct kernel boot, a cold-plugged scsi disk, xHCI, a balloon, a 9p
     * share, a serial console on a unix socket and spare root ports.
     */
    public static Machine guest(String name, Path dir, Path share) throws IOException {
        return Machine.builder().name(name).memoryMib(256).spareRootPorts(3)
                .virtioScsi()
                .usb(UsbController.xhci())
                .disk(Disk.imageFile(image(dir, "cold.img", 16).toString()).scsiHd(0, 0, 0).build())
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .balloon(Balloon.DEFAULT)
                .share(new SharedDirectory(share.toString(), "hostshare", SharedDirectory.SecurityModel.NONE, false))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
    }

    /** The test guest with only a serial console and one virtio NIC on a tap in {@code bridge}. */
    public static Machine bridgedGuest(String name, String bridge) {
        return Machine.builder().name(name).memoryMib(192)
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .nic(io.jqemu.core.model.Nic.virtio(io.jqemu.core.model.NicBackend.bridge(bridge,
                        io.jqemu.core.model.VhostMode.AUTO)))
                .directKernelBoot(TestMachines.guestBoot(TestGuest.get().vmlinux()))
                .build();
    }
}
