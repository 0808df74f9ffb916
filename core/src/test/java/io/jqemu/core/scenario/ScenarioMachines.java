package io.jqemu.core.scenario;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.CloudInit;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.ConsoleSecurity;
import io.jqemu.core.model.ConsoleTls;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.MemoryBacking;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.Rng;
import io.jqemu.core.model.RtcBase;
import io.jqemu.core.model.ScsiController;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.UsbHub;
import io.jqemu.core.model.UsbRedir;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.VirtualFunction;
import io.jqemu.core.model.Vga;
import io.jqemu.core.model.VhostMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The scenario machines of SCENARIOS.md as builder calls: the golden command lines, the real-QEMU tests
 * and the cli's examples/*.toml all describe these same machines.
 */
public final class ScenarioMachines {
    /** OVMF code image of Debian's ovmf package. */
    public static final String OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    /** OVMF vars template of Debian's ovmf package. */
    public static final String OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    private ScenarioMachines() {
    }

    /** Every scenario machine by golden-file name, in a fixed order. */
    public static Map<String, Machine> all() {
        Map<String, Machine> all = new LinkedHashMap<>();
        all.put("minimal", minimal());
        all.put("s1-dsm", s1Dsm());
        all.put("s2-openwrt-nas", s2OpenwrtNas());
        all.put("s3-storage-modes", s3StorageModes());
        all.put("s4-passthrough", s4Passthrough());
        all.put("direct-kernel", directKernel());
        all.put("guest-agent", guestAgent());
        all.put("s4-sriov", s4Sriov());
        all.put("install-from-iso", installFromIso());
        all.put("cdroms-cloud-init", cdromsCloudInit());
        all.put("tpm-virtiofs", tpmVirtiofs());
        all.put("tuned", tuned());
        all.put("windows-11", windows11());
        all.put("locked-down", lockedDown());
        return all;
    }

    /**
     * A tuned VM: guest RAM on 2M huge pages from the host's hugetlbfs mount, locked in host memory;
     * two iothreads, one for a virtio-blk disk and one for the virtio-scsi controller; vCPUs, the
     * emulator and the iothreads pinned (pinning is applied after start, so it leaves no trace in argv).
     */
    public static Machine tuned() {
        return Machine.builder()
                .name("tuned")
                .uuid("5a1c7e0f-3b9d-4d2a-8f61-2e4b7c9d0a13")
                .cpu("max", 1, 2, 1)
                .memoryMib(256)
                .memoryBacking(MemoryBacking.hugePages(MemoryBacking.DEFAULT_HUGE_PAGE_SIZE))
                .lockMemory(true)
                .iothread("io0")
                .iothread("io1")
                .cpuPinning(new CpuPinning(java.util.List.of("1", "1"), Optional.of("0"), Map.of("io0", "0", "io1", "1")))
                .scsiController(ScsiController.virtioScsi().withIothread("io1"))
                .disk(Disk.imageFile("/var/lib/jqemu/tuned/root.qcow2").format(DiskFormat.QCOW2).virtioBlk("io0")
                        .bootIndex(1))
                .disk(Disk.imageFile("/var/lib/jqemu/tuned/data.raw").scsiHd(0, 0, 0))
                .build();
    }

    /** The smallest useful VM: one virtio disk, user networking, a serial console on a pty. */
    public static Machine minimal() {
        return Machine.builder()
                .name("minimal")
                .uuid("8e0b2d6a-5f43-4c1e-9a77-0d3c5b1f2e10")
                .memoryMib(512)
                .disk(Disk.imageFile("/var/lib/jqemu/minimal/root.qcow2").format(DiskFormat.QCOW2).bootIndex(1))
                .nic(Nic.virtio(NicBackend.user()))
                .serial(CharBackend.pty())
                .build();
    }

    /**
     * The project's tiny test guest booted straight from its kernel and initramfs (examples/demo.toml):
     * no disk, console on a serial unix socket. The command line holds a comma and quotes, which reach
     * the kernel verbatim.
     */
    public static Machine directKernel() {
        return Machine.builder()
                .name("direct-kernel")
                .uuid("5d0c7d2e-8a41-4b7e-9f3a-2c6e1b0d4a77")
                .memoryMib(256)
                .directKernelBoot(DirectKernelBoot.kernel("/var/lib/jqemu/guest/vmlinux")
                        .withInitrd("/var/lib/jqemu/guest/initramfs.cpio.gz")
                        .withCmdline("console=ttyS0,115200n8 quiet loglevel=3 panic=-1 rdinit=/init dyndbg=\"file x.c +p\""))
                .serial(new CharBackend.UnixSocket(Optional.empty()))
                .balloon(Balloon.DEFAULT)
                .build();
    }

    /**
     * The test guest with a TPM 2.0 (swtpm) and a virtiofs share (virtiofsd) over shared memfd memory;
     * the share's host path holds a comma.
     */
    public static Machine tpmVirtiofs() {
        return directKernel().toBuilder().name("tpm-virtiofs").uuid("6d1c8e2a-0b7f-4a93-8e51-2c4d9f0a7b36")
                .memoryBacking(io.jqemu.core.model.MemoryBacking.sharedMemfd()).tpm()
                .virtiofs(new io.jqemu.core.model.VirtiofsShare("/srv/nas,media", "media",
                        io.jqemu.core.model.VirtiofsShare.Cache.ALWAYS))
                .build();
    }

    /** The test guest with the guest-agent channel: virtio-serial on a root port, its socket private. */
    public static Machine guestAgent() {
        return directKernel().toBuilder().name("guest-agent").uuid("3f2a9c1e-6b7d-4e58-a0c4-9d1e2f3b4a5c")
                .device(new GuestAgent()).build();
    }

    /**
     * S4's SR-IOV half (seed 004): two virtual functions of one X710 port (four enabled) in a router VM,
     * the first one bootable.
     */
    public static Machine s4Sriov() {
        return Machine.builder()
                .name("sriov-router")
                .uuid("6b1e4c2a-9d3f-4a58-b7c1-2e0f9a8d5c34")
                .memoryMib(1024)
                .disk(Disk.imageFile("/var/lib/jqemu/sriov-router/root.qcow2").format(DiskFormat.QCOW2).bootIndex(1))
                .device(new VirtualFunction("0000:03:00.0", 0, 4, Optional.of(false), Optional.of(2), Optional.empty()))
                .device(VirtualFunction.of("03:00.0", 3, 4))
                .serial(CharBackend.pty())
                .build();
    }

    /** S1 (seed 003): the DSM storage VM on q35 + OVMF, every device of the seed's libvirt argv. */
    public static Machine s1Dsm() {
        return Machine.builder()
                .name("DSM")
                .uuid("186682f9-0f0b-4a9e-867b-364706339405")
                .machineType("pc-q35-7.2")
                .accelerator(Accelerator.KVM)
                .cpu("host", 2, 1, 1)
                .memoryMib(4096)
                .ovmf(OVMF_CODE, OVMF_VARS)
                .rtcBase(RtcBase.UTC)
                .noShutdown(true)
                .boot(true, true)
                .usb(UsbController.xhci(new UsbHub("1")))
                .virtioScsi()
                .disk(Disk.hostDevice("/dev/sdb").cache(CacheMode.NONE).aio(AioMode.NATIVE)
                        .discard(DiscardMode.UNMAP).scsiHd(0, 0, 0))
                .disk(Disk.hostDevice("/dev/sdc").cache(CacheMode.NONE).aio(AioMode.NATIVE)
                        .discard(DiscardMode.UNMAP).scsiHd(0, 0, 1))
                .disk(Disk.imageFile("/image/tinycore-redpill-uefi.v0.9.2.8.img").cache(CacheMode.WRITEBACK)
                        .discard(DiscardMode.UNMAP).usbStorage("3", false).bootIndex(1))
                .nic(Nic.virtio(NicBackend.bridge("br0", VhostMode.ON)).withMac("52:54:00:d5:3a:01"))
                .serial(CharBackend.pty())
                .display(Display.of(Graphics.spice("0.0.0.0", 5900).withSecurity(ConsoleSecurity.DEFAULT
                        .withPassword(new ConsolePassword.FromFile("/etc/jqemu/dsm-console.password"))),
                        Vga.of(Vga.Model.VMWARE_SVGA, 16)))
                .balloon(Balloon.DEFAULT)
                .build();
    }

    /**
     * A locked-down VM: QEMU runs as user {@code jqemu} ({@code -runas}), its VNC console listens on the
     * network only with TLS (client certificates checked) and the password from an owner-only file, and
     * has a WebSocket listener for noVNC.
     */
    public static Machine lockedDown() {
        return minimal().toBuilder()
                .name("locked-down")
                .uuid("2d7c4f1a-0b9e-4a63-8c5d-7e1f3a2b9c64")
                .runAs("jqemu")
                .display(new Display(new Graphics.Vnc(ConsoleListener.tcp("0.0.0.0", Graphics.Vnc.BASE_PORT + 1),
                        ConsoleAuth.PASSWORD).withSecurity(ConsoleSecurity.DEFAULT
                        .withPassword(new ConsolePassword.FromFile("/etc/jqemu/locked-down.password"))
                        .withTls(new ConsoleTls("/etc/pki/qemu", true)))
                        .withWebsocket("0.0.0.0", 5701), Optional.empty()))
                .build();
    }

    /**
     * S2 (seeds 000/001): OpenWrt router + NAS: a passed-through Wi-Fi card, networking three ways
     * (user NAT, tap on a bridge, macvtap), a 9p share tagged host_hdd, virtio-scsi, balloon, UEFI, and a
     * virtio-rng (an OpenWrt router wants entropy early).
     */
    public static Machine s2OpenwrtNas() {
        return Machine.builder()
                .name("openwrt")
                .uuid("0c7e4a52-93d1-4b8f-8e2a-6f1d0b9c3a47")
                .cpu("max", 1, 2, 1)
                .memoryMib(1024)
                .ovmf(OVMF_CODE, OVMF_VARS)
                .virtioScsi()
                .disk(Disk.imageFile("/var/lib/jqemu/openwrt/openwrt.qcow2").format(DiskFormat.QCOW2)
                        .cache(CacheMode.NONE).aio(AioMode.NATIVE).scsiHd(0, 0, 0).bootIndex(1))
                .nic(Nic.virtio(NicBackend.user(PortForward.tcp("127.0.0.1", 8080, 80))))
                .nic(Nic.virtio(NicBackend.bridge("br-lan", VhostMode.AUTO)))
                .nic(Nic.of(NicModel.E1000E, NicBackend.macvtap("eth0", MacvtapMode.BRIDGE, VhostMode.OFF)))
                .vfio(VfioPci.of("0000:03:00.0"))
                .share(new SharedDirectory("/srv/hdd", "host_hdd", SharedDirectory.SecurityModel.MAPPED_XATTR, false))
                .balloon(new Balloon(true, true))
                .rng(Rng.URANDOM)
                .build();
    }

    /**
     * S3 (seed 002): one machine with a disk attached each way: SATA (ide-hd on AHCI), virtio-blk,
     * scsi-hd on virtio-scsi, scsi-block passthrough of a host SCSI disk; a whole PCI device; a vhost NIC.
     */
    public static Machine s3StorageModes() {
        return Machine.builder()
                .name("storage-lab")
                .uuid("5b2f8c1d-7e4a-4d09-b3c6-1a8e9f0d2c75")
                .cpu("max", 1, 4, 1)
                .memoryMib(2048)
                .virtioScsi()
                .disk(Disk.imageFile("/var/lib/jqemu/lab/sata.qcow2").format(DiskFormat.QCOW2).ideHd(0).bootIndex(1))
                .disk(Disk.imageFile("/var/lib/jqemu/lab/virtio.raw").cache(CacheMode.NONE).aio(AioMode.IO_URING)
                        .virtioBlk())
                .disk(Disk.imageFile("/var/lib/jqemu/lab/scsi.qcow2").format(DiskFormat.QCOW2)
                        .discard(DiscardMode.UNMAP).detectZeroes(DetectZeroes.UNMAP).scsiHd(0, 0, 0))
                .disk(Disk.hostDevice("/dev/sdd").cache(CacheMode.DIRECTSYNC).scsiBlock(0, 1, 0))
                .disk(Disk.imageFile("/var/lib/jqemu/lab/seed.iso").readOnly(true).cache(CacheMode.WRITETHROUGH)
                        .scsiHd(0, 0, 1))
                .nic(Nic.virtio(NicBackend.existingTap("tap-lab0", VhostMode.ON)))
                .vfio(VfioPci.of("0000:05:00.0"))
                .serial(CharBackend.unixSocket("/run/jqemu/storage-lab/console.sock"))
                .build();
    }

    /**
     * S4 (seed 004): pass-through and redirection: a multifunction GPU at a fixed guest address, an SR-IOV
     * VF, a whole USB controller, usb-host by ids and by bus/address, usb-redir over TCP, serial and
     * parallel ports over TCP (ser2net) and from host device nodes.
     */
    public static Machine s4Passthrough() {
        return Machine.builder()
                .name("passthrough-lab")
                .uuid("a3d9e6f2-1c58-4b7a-9e04-7f2b8c6d1e93")
                .cpu("max", 2, 2, 1)
                .memoryMib(2048)
                .spareRootPorts(2)
                .usb(UsbController.xhci(new UsbHub("1")))
                .disk(Disk.imageFile("/var/lib/jqemu/pt/root.qcow2").format(DiskFormat.QCOW2).bootIndex(1))
                .nic(Nic.of(NicModel.VMXNET3, NicBackend.user()))
                .vfio(VfioPci.of("0000:01:00.0").atGuestAddress("00:10.0", true).withXVga(true).withRombar(true))
                .vfio(VfioPci.of("0000:01:00.1").atGuestAddress("00:10.1", false))
                .vfio(VfioPci.of("0000:03:10.0"))
                .vfio(VfioPci.of("0000:00:14.0").withRombar(false))
                .usbHost(new UsbHost(new UsbHost.Selector.ByIds(0x0781, 0x5567), Optional.of("1.1"), Optional.empty()))
                .usbHost(UsbHost.byAddress(1, 4))
                .usbRedir(new UsbRedir("192.168.1.50", 4000, Optional.of("2")))
                .serial(CharBackend.tcpClient("192.168.1.50", 7000))
                .serial(CharBackend.hostDevice("/dev/ttyS0"))
                .serial(CharBackend.tcpServer("127.0.0.1", 4555))
                .parallel(CharBackend.tcpClient("192.168.1.50", 7001))
                .parallel(CharBackend.hostDevice("/dev/parport0"))
                .display(Display.of(Graphics.vnc(), Vga.of(Vga.Model.STD, 16)))
                .build();
    }

    /**
     * Installing Debian from its netinst ISO (examples/install-from-iso.toml): q35 + OVMF, an empty
     * qcow2 disk and the ISO in an ide-cd drive that boots first, the installer's screen on VNC.
     */
    public static Machine installFromIso() {
        return Machine.builder()
                .name("debian")
                .uuid("2c9e5b1a-4d7f-4e3b-8a6c-0f1e2d3c4b5a")
                .cpu("max", 1, 2, 1)
                .memoryMib(2048)
                .ovmf(OVMF_CODE, OVMF_VARS)
                .disk(Disk.imageFile("/var/lib/jqemu/debian/root.qcow2").format(DiskFormat.QCOW2).bootIndex(2))
                .cdrom(Cdrom.medium("/var/lib/jqemu/iso/debian-12.8.0-amd64-netinst.iso").ideCd(0).bootIndex(1))
                .nic(Nic.virtio(NicBackend.user()))
                .serial(CharBackend.pty())
                .display(Display.of(Graphics.vnc("127.0.0.1", 0), Vga.of(Vga.Model.STD, 16)))
                .build();
    }

    /**
     * CD-ROM drives each way (scsi-cd with a medium and empty on virtio-scsi next to a scsi-hd disk, an
     * empty ide-cd with its own id) and a cloud-init seed with inline user-data and network-config.
     */
    public static Machine cdromsCloudInit() {
        return Machine.builder()
                .name("cloud")
                .uuid("7a4c1e9d-2b6f-4c83-95e0-3d8f1a2b6c7e")
                .memoryMib(1024)
                .virtioScsi()
                .disk(Disk.imageFile("/var/lib/jqemu/cloud/root.qcow2").format(DiskFormat.QCOW2).scsiHd(0, 0, 0)
                        .bootIndex(1))
                .cdrom(Cdrom.medium("/srv/iso/tools, v2.iso").scsiCd(0, 1, 0))
                .cdrom(Cdrom.empty().scsiCd(0, 1, 1))
                .cdrom(Cdrom.empty().ideCd(2).id("installer"))
                .cloudInit(new CloudInit(Optional.of(new CloudInit.Content.Inline("#cloud-config\npassword: s3cret\n")),
                        Optional.empty(),
                        Optional.of(new CloudInit.Content.Inline("version: 2\nethernets:\n  eth0:\n    dhcp4: true\n"))))
                .nic(Nic.virtio(NicBackend.user()))
                .serial(CharBackend.pty())
                .build();
    }

    /**
     * A Windows 11 installation (examples/windows-11.toml, docs/windows-11.md): q35 with Secure Boot
     * (Debian's SMM OVMF and its vars with Microsoft's keys), the recommended Hyper-V enlightenments, CPU
     * flags, a virtio-scsi disk, the Windows ISO booting first and the virtio-win drivers ISO on SATA,
     * a virtio NIC and the installer's screen on VNC.
     */
    public static Machine windows11() {
        return Machine.builder()
                .name("windows-11")
                .uuid("9d4b2e7a-1c3f-4a6e-8b5d-2f7e9c1a3b64")
                .accelerator(Accelerator.KVM)
                .cpu(new Cpu("host", 1, 4, 1).withFlags("+pdpe1gb", "+aes", "-svm").withHyperV(HyperV.RECOMMENDED))
                .memoryMib(4096)
                .firmware(Firmware.secureBoot())
                .rtcBase(RtcBase.LOCALTIME)
                .virtioScsi()
                .disk(Disk.imageFile("/var/lib/jqemu/windows-11/windows.qcow2").format(DiskFormat.QCOW2)
                        .discard(DiscardMode.UNMAP).scsiHd(0, 0, 0).bootIndex(2))
                .cdrom(Cdrom.medium("/var/lib/jqemu/iso/Win11_24H2_English_x64.iso").ideCd(0).bootIndex(1))
                .cdrom(Cdrom.medium("/var/lib/jqemu/iso/virtio-win.iso").ideCd(1))
                .nic(Nic.virtio(NicBackend.user()))
                .display(Display.of(Graphics.vnc("127.0.0.1", 0), Vga.of(Vga.Model.STD, 16)))
                .build();
    }
}
