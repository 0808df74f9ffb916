package io.jqemu.core.qemu;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.UsbRedir;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a scenario machine into one this host can start with no hardware: host block devices become
 * image files (created here), CD-ROM media become files created here, scsi-block becomes scsi-hd, taps and macvtaps become user networking,
 * vfio devices (SR-IOV virtual functions too) and usb-host devices chosen by bus/address (QEMU opens those at once) are dropped, remote TCP peers become loopback, host device nodes become files, a direct-boot kernel and
 * initrd become {@link TestKernels} files, listening
 * ports are free ones, huge pages become a shared file in {@code dir}, QEMU's unprivileged user is {@code nobody},
 * and the accelerator is TCG (this host's /dev/kvm cannot run -cpu host): model host becomes max (its flags kept)
 * and the Hyper-V enlightenments QEMU 7.2 refuses under TCG (vpindex and those requiring it) are left out.
 * Every other device and property stays as the scenario asks.
 */
public final class HostFreeMachines {
    private HostFreeMachines() {
    }

    /** The host-free variant of {@code m}, with its files created under {@code dir}. */
    public static Machine of(Machine m, Path dir) throws IOException, InterruptedException {
        MachineBuilder b = m.toBuilder().accelerator(Accelerator.TCG).clearDisks().clearNics().clearVfioDevices()
                .clearDevices(io.jqemu.core.model.VirtualFunction.class)
                .clearUsbRedirs().clearSerials().clearParallels().clearShares().clearUsbHostDevices()
                .clearDevices(Cdrom.class)
                // the launcher starts their helpers (swtpm, virtiofsd); its tests start them on a real QEMU
                .clearDevices(io.jqemu.core.model.Tpm.class).clearDevices(io.jqemu.core.model.VirtiofsShare.class);
        m.usbHostDevices().stream().filter(u -> u.selector() instanceof UsbHost.Selector.ByIds).forEach(b::usbHost);
        if (m.memoryBacking() instanceof MemoryBacking.HugePages) {
            b.memoryBacking(new MemoryBacking.File(Files.createDirectories(dir.resolve("ram")).toString(), true));
        }
        Cpu cpu = m.cpu().model().equals("host") ? m.cpu().withModel("max") : m.cpu();
        if (cpu.hyperv().isPresent() && cpu.hyperv().get().problemUnderTcg().isPresent()) {
            cpu = cpu.withHyperV(cpu.hyperv().get().without(HyperV.Enlightenment.VPINDEX, HyperV.Enlightenment.SYNIC,
                    HyperV.Enlightenment.STIMER, HyperV.Enlightenment.STIMER_DIRECT, HyperV.Enlightenment.TLBFLUSH,
                    HyperV.Enlightenment.IPI));
        }
        b.cpu(cpu);
        for (int i = 0; i < m.disks().size(); i++) {
            Disk d = m.disks().get(i);
            b.disk(disk(d, dir.resolve("disk" + i + (d.format() == DiskFormat.QCOW2 ? ".qcow2" : ".img"))));
        }
        List<Cdrom> cdroms = m.devices().stream().filter(Cdrom.class::isInstance).map(Cdrom.class::cast).toList();
        for (int i = 0; i < cdroms.size(); i++) {
            Cdrom c = cdroms.get(i);
            Optional<String> medium = Optional.empty();
            if (c.path().isPresent()) {
                Path iso = dir.resolve("cd" + i + ".iso");
                createImage(iso, DiskFormat.RAW);
                medium = Optional.of(iso.toString());
            }
            b.cdrom(new Cdrom(medium, c.attachment(), c.bootIndex(), c.id()));
        }
        for (Nic n : m.nics()) {
            NicBackend backend = n.backend() instanceof NicBackend.User u ? loopbackForwards(u) : NicBackend.user();
            b.nic(new Nic(backend, n.model(), n.mac(), n.bootIndex(), n.id()));
        }
        for (UsbRedir r : m.usbRedirs()) {
            b.usbRedir(new UsbRedir("127.0.0.1", freePort(), r.usbPort()));
        }
        for (int i = 0; i < m.serials().size(); i++) {
            b.serial(charBackend(m.serials().get(i).backend(), dir.resolve("serial" + i)));
        }
        for (int i = 0; i < m.parallels().size(); i++) {
            b.parallel(charBackend(m.parallels().get(i).backend(), dir.resolve("parallel" + i)));
        }
        for (int i = 0; i < m.shares().size(); i++) {
            SharedDirectory s = m.shares().get(i);
            Path host = Files.createDirectories(dir.resolve("share" + i));
            b.share(new SharedDirectory(host.toString(), s.mountTag(), s.securityModel(), s.readOnly()));
        }
        if (m.directKernelBoot().isPresent()) {
            DirectKernelBoot boot = m.directKernelBoot().get();
            String kernel = TestKernels.writeBzImage(dir.resolve("kernel")).toString();
            Optional<String> initrd = boot.initrd().isEmpty() ? Optional.empty()
                    : Optional.of(TestKernels.writeInitrd(dir.resolve("initrd")).toString());
            b.directKernelBoot(new DirectKernelBoot(kernel, initrd, boot.cmdline()));
        }
        Graphics g = switch (m.display().graphics()) {
            case Graphics.None n -> n;
            case Graphics.Vnc v -> v.listener() instanceof ConsoleListener.Tcp
                    ? Graphics.vnc("127.0.0.1", freeVncDisplay()).withAuth(v.auth()) : v;
            case Graphics.Spice s -> s.listener() instanceof ConsoleListener.Tcp
                    ? Graphics.spice("127.0.0.1", freePort()).withAuth(s.auth()) : s;
        };
        // the scenario's user need not exist here; nobody does
        m.runAs().ifPresent(user -> b.runAs("nobody"));
        return b.display(new Display(g, m.display().vga())).build();
    }

    private static NicBackend loopbackForwards(NicBackend.User u) throws IOException {
        PortForward[] forwards = new PortForward[u.forwards().size()];
        for (int i = 0; i < forwards.length; i++) {
            PortForward f = u.forwards().get(i);
            forwards[i] = new PortForward(f.protocol(), f.hostAddress().map(a -> "127.0.0.1"), freePort(),
                    f.guestAddress(), f.guestPort());
        }
        return NicBackend.user(forwards);
    }

    private static CharBackend charBackend(CharBackend backend, Path file) throws IOException {
        return switch (backend) {
            case CharBackend.TcpClient t -> CharBackend.tcpClient("127.0.0.1", freePort());
            case CharBackend.TcpServer t -> CharBackend.tcpServer("127.0.0.1", freePort());
            case CharBackend.HostDevice d -> CharBackend.file(file + ".log");
            case CharBackend.UnixSocket u -> CharBackend.unixSocket(file + ".sock");
            case CharBackend.FileOutput f -> CharBackend.file(file + ".log");
            case CharBackend.Pty p -> p;
        };
    }

    private static Disk disk(Disk d, Path image) throws IOException, InterruptedException {
        createImage(image, d.format());
        DiskAttachment attachment = d.attachment() instanceof DiskAttachment.ScsiBlock s
                ? new DiskAttachment.ScsiHd(s.controller(), s.target(), s.lun()) : d.attachment();
        return new Disk(new DiskSource.ImageFile(image.toString()), d.format(), d.readOnly(), d.cache(), d.aio(),
                d.discard(), d.detectZeroes(), attachment, d.bootIndex(), d.id());
    }

    /** Creates a 16 MiB raw file or qcow2 image. */
    public static void createImage(Path image, DiskFormat format) throws IOException, InterruptedException {
        if (format == DiskFormat.QCOW2) {
            Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "16M")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("qemu-img failed: " + out);
            }
        } else {
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(16L << 20);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeVncDisplay() throws IOException {
        for (int display = 100; display < 1000; display++) {
            try (ServerSocket s = new ServerSocket(5900 + display, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort() - 5900;
            } catch (IOException taken) {
                // try the next display
            }
        }
        throw new IOException("no free VNC display between 100 and 999");
    }
}
