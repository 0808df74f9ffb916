package io.jqemu.cli.config;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.CloudInit;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.CpuPinning;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.HyperV;
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
import io.jqemu.core.model.Vga;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.model.VirtualFunction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One vm.toml that sets every key maps onto exactly the machine the Java builder makes. */
class VmTomlCoverageTest {

    static final String EVERY_KEY = """
            name = "all"
            uuid = "11111111-2222-3333-4444-555555555555"
            machine_type = "pc-q35-7.2"
            accelerator = "tcg"
            memory_mib = 2048
            iothreads = ["io0", "io1"]
            rtc_base = "localtime"
            no_shutdown = true
            sandbox = false
            spare_root_ports = 6
            unsafe_extra_args = ["-device", "${DEV}"]

            [cpu]
            model = "qemu64"
            sockets = 2
            cores = 3
            threads = 1
            flags = ["+avx2", "-svm"]
            hyperv = { enlightenments = ["relaxed", "vapic", "spinlocks", "time"], spinlock_retries = 4096 }
            pinning = { vcpus = ["0", "1", "0-1", "2", "3", "2-3"], emulator = "0", iothreads = { io0 = "1", io1 = "2-3" } }

            [memory]
            backing = { type = "hugepages", path = "/dev/hugepages1G", page_size = "1G" }
            lock = true

            [firmware]
            type = "ovmf"
            secure_boot = true
            code_path = "/fw/code.secboot.fd"
            vars_template = "/fw/vars.fd"

            [direct_kernel_boot]
            kernel = "${GUEST}/bzImage"
            initrd = "${GUEST}/initramfs.cpio.gz"
            cmdline = 'console=ttyS0,115200n8 root=/dev/vda dyndbg="file x.c +p"'

            [boot]
            menu = true
            strict = true

            [[scsi_controllers]]
            num_queues = 4
            iothread = "io1"

            [usb]
            hubs = [{ port = "1" }, { port = "2" }]

            [[disks]]
            source = "host-block-device"
            path = "/dev/sdb"
            format = "raw"
            read_only = true
            cache = "directsync"
            aio = "io-uring"
            discard = "unmap"
            detect_zeroes = "unmap"
            attachment = { type = "scsi-block", controller = 0, target = 2, lun = 3 }
            boot_index = 2
            id = "data"

            [[disks]]
            path = "/img/a.qcow2"
            format = "qcow2"
            attachment = { type = "usb-storage", port = "1.2", removable = true }

            [[disks]]
            path = "/img/b.raw"
            attachment = { type = "ide-hd", port = 3 }

            [[disks]]
            path = "/img/c.raw"
            attachment = { type = "virtio-blk", iothread = "io0" }

            [[cdroms]]
            path = "/iso/install.iso"
            attachment = { type = "ide-cd", port = 4 }
            boot_index = 5
            id = "installer"

            [[cdroms]]
            attachment = { type = "scsi-cd", controller = 0, target = 2, lun = 4 }

            [cloud_init]
            user_data = "#cloud-config"
            meta_data_file = "/srv/meta-data"
            network_config_file = "/srv/network-config"

            [[nics]]
            model = "e1000e"
            mac = "52:54:00:00:00:01"
            boot_index = 1
            id = "lan"
            backend = { type = "user", forwards = [{ protocol = "udp", host_address = "127.0.0.1", host_port = 5353, guest_address = "10.0.2.15", guest_port = 53 }] }

            [[nics]]
            backend = { type = "existing-tap", ifname = "tap9", vhost = "off" }

            [[nics]]
            backend = { type = "bridged-tap", bridge = "br0", ifname = "tapbr", vhost = "on" }

            [[nics]]
            model = "vmxnet3"
            backend = { type = "macvtap", parent = "eth0", mode = "vepa", ifname = "mvt0", vhost = "auto" }

            [[vfio_devices]]
            host_address = "0000:01:00.0"
            guest_address = "00:10.0"
            multifunction = true
            rombar = false
            x_vga = true
            boot_index = 3
            id = "gpu"

            [[virtual_functions]]
            physical_function = "0000:03:00.0"
            vf_index = 1
            vf_count = 8
            rombar = false
            boot_index = 4
            id = "wan"

            [[usb_host_devices]]
            selector = { type = "by-ids", vendor_id = 0x0781, product_id = 0x5567 }
            port = "3"
            id = "stick"

            [[usb_host_devices]]
            selector = { type = "by-address", host_bus = 1, host_address = 4 }

            [[usb_redirs]]
            host = "192.0.2.1"
            port = 4000
            usb_port = "1.1"

            [[serials]]
            backend = { type = "unix-socket", path = "/run/s.sock" }
            [[serials]]
            backend = { type = "tcp-server", host = "127.0.0.1", port = 4555 }
            [[serials]]
            backend = { type = "file-output", path = "/tmp/serial.log" }

            [[parallels]]
            backend = { type = "host-device", path = "/dev/parport0" }

            [[shares]]
            host_path = "/srv"
            mount_tag = "srv"
            security_model = "none"
            read_only = true

            [balloon]
            deflate_on_oom = true
            free_page_reporting = true

            [rng]
            source = "/dev/random"

            [guest_agent]

            [tpm]

            [[virtiofs]]
            host_path = "/srv/media"
            tag = "media"
            cache = "always"

            [display]
            graphics = { type = "vnc", address = "::1", display = 2, auth = "none" }
            vga = { model = "qxl", vga_memory_mib = 32 }
            """;

    @Test
    void everyKeyReachesTheModel() {
        Machine parsed = VmToml.parse("all.toml", EVERY_KEY, Variables.of(Map.of("DEV", "virtio-rng-pci",
                "GUEST", "/srv/guest")));

        Machine expected = Machine.builder()
                .name("all").uuid("11111111-2222-3333-4444-555555555555").machineType("pc-q35-7.2")
                .accelerator(Accelerator.TCG).memoryMib(2048)
                .memoryBacking(new MemoryBacking.HugePages(Optional.of("/dev/hugepages1G"), 1L << 30)).lockMemory(true)
                .iothread("io0").iothread("io1")
                .cpuPinning(new CpuPinning(List.of("0", "1", "0-1", "2", "3", "2-3"), Optional.of("0"),
                        Map.of("io0", "1", "io1", "2-3")))
                .rtcBase(RtcBase.LOCALTIME).noShutdown(true)
                .sandbox(false).spareRootPorts(6).unsafeExtraArgs(List.of("-device", "virtio-rng-pci"))
                .cpu(new Cpu("qemu64", 2, 3, 1).withFlags("+avx2", "-svm").withHyperV(HyperV.of(
                        HyperV.Enlightenment.RELAXED, HyperV.Enlightenment.VAPIC, HyperV.Enlightenment.SPINLOCKS,
                        HyperV.Enlightenment.TIME).withSpinlockRetries(4096)))
                .firmware(new Firmware.Ovmf("/fw/code.secboot.fd", Optional.of("/fw/vars.fd"), true)).boot(true, true)
                .directKernelBoot("/srv/guest/bzImage", "/srv/guest/initramfs.cpio.gz",
                        "console=ttyS0,115200n8 root=/dev/vda dyndbg=\"file x.c +p\"")
                .scsiController(new ScsiController(Optional.of(4), Optional.of("io1")))
                .usb(new UsbController(List.of(new UsbHub("1"), new UsbHub("2"))))
                .disk(Disk.hostDevice("/dev/sdb").format(DiskFormat.RAW).readOnly(true).cache(CacheMode.DIRECTSYNC)
                        .aio(AioMode.IO_URING).discard(DiscardMode.UNMAP).detectZeroes(DetectZeroes.UNMAP)
                        .attachment(new DiskAttachment.ScsiBlock(0, 2, 3)).bootIndex(2).id("data"))
                .disk(Disk.imageFile("/img/a.qcow2").format(DiskFormat.QCOW2).usbStorage("1.2", true))
                .disk(Disk.imageFile("/img/b.raw").ideHd(3))
                .disk(Disk.imageFile("/img/c.raw").virtioBlk("io0"))
                .cdrom(Cdrom.medium("/iso/install.iso").ideCd(4).bootIndex(5).id("installer"))
                .cdrom(Cdrom.empty().scsiCd(0, 2, 4))
                .cloudInit(new CloudInit(Optional.of(new CloudInit.Content.Inline("#cloud-config")),
                        Optional.of(new CloudInit.Content.HostFile("/srv/meta-data")),
                        Optional.of(new CloudInit.Content.HostFile("/srv/network-config"))))
                .nic(new Nic(new NicBackend.User(List.of(new PortForward(PortForward.Protocol.UDP,
                        Optional.of("127.0.0.1"), 5353, Optional.of("10.0.2.15"), 53))), NicModel.E1000E,
                        Optional.of("52:54:00:00:00:01"), Optional.of(1), Optional.of("lan")))
                .nic(Nic.virtio(new NicBackend.ExistingTap("tap9", VhostMode.OFF)))
                .nic(Nic.virtio(new NicBackend.BridgedTap("br0", Optional.of("tapbr"), VhostMode.ON)))
                .nic(Nic.of(NicModel.VMXNET3, new NicBackend.Macvtap("eth0", MacvtapMode.VEPA, Optional.of("mvt0"),
                        VhostMode.AUTO)))
                .vfio(new VfioPci("0000:01:00.0", Optional.of("00:10.0"), true, Optional.of(false), true,
                        Optional.of(3), Optional.of("gpu")))
                .device(new VirtualFunction("0000:03:00.0", 1, 8, Optional.of(false), Optional.of(4), Optional.of("wan")))
                .usbHost(new UsbHost(new UsbHost.Selector.ByIds(0x0781, 0x5567), Optional.of("3"), Optional.of("stick")))
                .usbHost(UsbHost.byAddress(1, 4))
                .usbRedir(new UsbRedir("192.0.2.1", 4000, Optional.of("1.1")))
                .serial(CharBackend.unixSocket("/run/s.sock"))
                .serial(CharBackend.tcpServer("127.0.0.1", 4555))
                .serial(CharBackend.file("/tmp/serial.log"))
                .parallel(CharBackend.hostDevice("/dev/parport0"))
                .share(new SharedDirectory("/srv", "srv", SharedDirectory.SecurityModel.NONE, true))
                .balloon(new Balloon(true, true))
                .rng(new Rng("/dev/random"))
                .device(new GuestAgent())
                .tpm()
                .virtiofs(new io.jqemu.core.model.VirtiofsShare("/srv/media", "media",
                        io.jqemu.core.model.VirtiofsShare.Cache.ALWAYS))
                .display(new Display(Graphics.vnc("::1", 2).withAuth(ConsoleAuth.NONE), Optional.of(new Vga(Vga.Model.QXL, Optional.of(32)))))
                .build();

        assertThat(parsed).isEqualTo(expected);
    }

    @Test
    void directKernelBootNeedsOnlyAKernel() {
        Machine parsed = VmToml.parse("kernel.toml", """
                name = "k"
                direct_kernel_boot = { kernel = "/boot/vmlinuz" }
                """, Variables.of(Map.of()));

        assertThat(parsed.directKernelBoot()).contains(DirectKernelBoot.kernel("/boot/vmlinuz"));
    }

    @Test
    void modelFieldPathsBecomeTomlKeys() {
        assertThat(VmToml.tomlPath("directKernelBoot.kernel")).isEqualTo("direct_kernel_boot.kernel");
        assertThat(VmToml.tomlPath("directKernelBoot.initrd")).isEqualTo("direct_kernel_boot.initrd");
        assertThat(VmToml.tomlPath("directKernelBoot.cmdline")).isEqualTo("direct_kernel_boot.cmdline");
        assertThat(VmToml.tomlPath("disks[1].bootIndex")).isEqualTo("disks[1].boot_index");
    }

    @Test
    void absentKeysTakeTheBuilderDefaults() {
        assertThat(VmToml.parse("min.toml", "name = \"min\"\n", Variables.of(Map.of())))
                .isEqualTo(Machine.builder().name("min").build());
    }
}
