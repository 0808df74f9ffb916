package io.jqemu.libvirt;

import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.Balloon;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.Cpu;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DirectKernelBoot;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.GuestAgent;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.ParallelPort;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.Rng;
import io.jqemu.core.model.RtcBase;
import io.jqemu.core.model.ScsiController;
import io.jqemu.core.model.SerialPort;
import io.jqemu.core.model.SharedDirectory;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.UsbHub;
import io.jqemu.core.model.UsbRedir;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.model.Vga;
import io.jqemu.core.model.VhostMode;
import io.jqemu.libvirt.ImportReport.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.jqemu.libvirt.Domains.machine;
import static io.jqemu.libvirt.Domains.read;
import static io.jqemu.libvirt.Domains.with;
import static io.jqemu.libvirt.Domains.withDevices;
import static org.assertj.core.api.Assertions.assertThat;

/** Each element the importer maps, from a small domain XML. */
class LibvirtDomainImporterTest {

    private static ImportReport report(DomainImport imported, String xpath) {
        return imported.reports().stream().filter(r -> r.xpath().equals(xpath)).findFirst()
                .orElseThrow(() -> new AssertionError("no report at " + xpath + " in " + imported.reports()));
    }

    // ---- the machine ----

    @Test
    void nameUuidMemoryAndAccelerator() {
        DomainImport imported = read("<domain type='kvm'><name>web-1</name><uuid>" + Domains.UUID + "</uuid>"
                + "<memory unit='KiB'>219100</memory><currentMemory unit='KiB'>219100</currentMemory>"
                + "<devices/></domain>");

        Machine m = imported.machine();
        assertThat(m.name()).isEqualTo("web-1");
        assertThat(m.uuid()).hasToString(Domains.UUID);
        assertThat(m.memoryMib()).as("219100 KiB rounded up, as libvirt does").isEqualTo(214);
        assertThat(m.accelerator()).isEqualTo(Accelerator.KVM);
        assertThat(imported.reports()).isEmpty();
        assertThat(machine(Domains.withDevices("").replace("type='kvm'", "type='qemu'")).accelerator())
                .isEqualTo(Accelerator.TCG);
    }

    @Test
    void aSmallerCurrentMemoryIsReported() {
        DomainImport imported = read(with("<currentMemory unit='GiB'>0</currentMemory>", ""));

        assertThat(imported.machine().memoryMib()).isEqualTo(512);
        assertThat(report(imported, "/domain/currentMemory").reason()).isEqualTo(Reason.NOT_SUPPORTED);
    }

    @Test
    void vcpusAreSocketsUnlessATopologySaysOtherwise() {
        assertThat(machine(with("<vcpu placement='static'>3</vcpu>", "")).cpu()).isEqualTo(new Cpu("qemu64", 3, 1, 1));
        assertThat(machine(with("<vcpu>8</vcpu><cpu mode='host-passthrough'><topology sockets='1' dies='1' "
                + "cores='4' threads='2'/></cpu>", "")).cpu()).isEqualTo(new Cpu("host", 1, 4, 2));
    }

    @Test
    void cpuModes() {
        assertThat(machine(with("<cpu mode='host-model'/>", "")).cpu().model()).isEqualTo("host");
        assertThat(machine(with("<cpu mode='custom' match='exact'><model fallback='forbid'>Haswell</model></cpu>", ""))
                .cpu().model()).isEqualTo("Haswell");
        DomainImport features = read(with("<cpu mode='host-passthrough'><feature policy='disable' name='vmx'/></cpu>", ""));
        assertThat(report(features, "/domain/cpu/feature").reason()).isEqualTo(Reason.NOT_SUPPORTED);
    }

    @Test
    void aMachineOtherThanQ35IsReportedAndBecomesQ35() {
        DomainImport imported = read(withDevices("").replace("machine='q35'", "machine='pc-i440fx-7.2'"));

        assertThat(imported.machine().machineType()).isEqualTo("q35");
        assertThat(report(imported, "/domain/os/type/@machine").value()).isEqualTo("pc-i440fx-7.2");
        assertThat(machine(withDevices("").replace("machine='q35'", "machine='pc-q35-4.2'")).machineType())
                .isEqualTo("pc-q35-4.2");
    }

    @Test
    void ovmfKeepsTheDomainsOwnVarsFile() {
        Machine m = machine(withDevices("").replace("</os>", "<loader readonly='yes' type='pflash'>/fw/CODE.fd</loader>"
                + "<nvram template='/fw/VARS.fd'>/var/lib/libvirt/qemu/nvram/t_VARS.fd</nvram></os>"));

        assertThat(m.firmware()).isEqualTo(Firmware.ovmf("/fw/CODE.fd", "/var/lib/libvirt/qemu/nvram/t_VARS.fd"));
        assertThat(machine(withDevices("").replace("<os>", "<os firmware='efi'>")).firmware())
                .isEqualTo(Firmware.ovmf("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"));
    }

    @Test
    void bootMenuKernelEventsAndClock() {
        Machine m = machine(with("<clock offset='localtime'/><on_poweroff>preserve</on_poweroff>"
                + "<on_reboot>restart</on_reboot>", "").replace("</os>", "<kernel>/boot/vmlinuz</kernel>"
                + "<initrd>/boot/initrd.img</initrd><cmdline>console=ttyS0</cmdline><bootmenu enable='yes'/></os>"));

        assertThat(m.boot().menu()).isTrue();
        assertThat(m.boot().strict()).as("libvirt always boots strictly").isTrue();
        assertThat(m.directKernelBoot()).contains(new DirectKernelBoot("/boot/vmlinuz", Optional.of("/boot/initrd.img"),
                Optional.of("console=ttyS0")));
        assertThat(m.noShutdown()).isTrue();
        assertThat(m.rtcBase()).isEqualTo(RtcBase.LOCALTIME);
        assertThat(machine(with("<on_poweroff>destroy</on_poweroff>", "")).noShutdown()).isFalse();
        assertThat(report(read(with("<on_reboot>destroy</on_reboot>", "")), "/domain/on_reboot").reason())
                .isEqualTo(Reason.NOT_SUPPORTED);
    }

    // ---- disks ----

    @Test
    void aFileDiskWithItsDriverOptions() {
        Disk d = machine(withDevices("<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none' "
                + "io='native' discard='unmap' detect_zeroes='on'/><source file='/img/a.qcow2'/>"
                + "<target dev='vda' bus='virtio'/><readonly/><boot order='2'/></disk>")).disks().getFirst();

        assertThat(d).isEqualTo(new Disk(new DiskSource.ImageFile("/img/a.qcow2"), DiskFormat.QCOW2, true,
                CacheMode.NONE, Optional.of(AioMode.NATIVE), DiscardMode.UNMAP, DetectZeroes.ON,
                new DiskAttachment.VirtioBlk(), Optional.of(2), Optional.empty()));
    }

    @Test
    void scsiDisksFindTheirControllerByLibvirtIndex() {
        Machine m = machine(withDevices("<controller type='scsi' index='3' model='virtio-scsi'><driver queues='4'/>"
                + "</controller>"
                + "<disk type='block' device='disk'><source dev='/dev/sdb'/><target dev='sda' bus='scsi'/>"
                + "<address type='drive' controller='3' bus='0' target='1' unit='2'/></disk>"
                + "<disk type='block' device='lun'><source dev='/dev/sdc'/><target dev='sdb' bus='scsi'/>"
                + "<address type='drive' controller='3' bus='0' target='0' unit='0'/></disk>"));

        assertThat(m.scsiControllers()).containsExactly(new ScsiController(Optional.of(4)));
        assertThat(m.disks()).extracting(Disk::attachment).containsExactly(new DiskAttachment.ScsiHd(0, 1, 2),
                new DiskAttachment.ScsiBlock(0, 0, 0));
        assertThat(m.disks().getFirst().source()).isEqualTo(new DiskSource.HostBlockDevice("/dev/sdb"));
    }

    @Test
    void withoutAnAddressTheTargetNameGivesTheUnit() {
        Machine m = machine(withDevices("<controller type='scsi' index='0'/>"
                + "<disk type='file'><source file='/a'/><target dev='sdc' bus='scsi'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='sdd' bus='sata'/></disk>"
                + "<disk type='file'><source file='/c'/><target dev='hdb' bus='ide'/></disk>"));

        assertThat(m.disks()).extracting(Disk::attachment).containsExactly(new DiskAttachment.ScsiHd(0, 0, 2),
                new DiskAttachment.IdeHd(3), new DiskAttachment.IdeHd(1));
    }

    @Test
    void ideBusAndUnitBecomeAnAhciPort() {
        Machine m = machine(withDevices("<disk type='file'><source file='/a'/><target dev='hdc' bus='ide'/>"
                + "<address type='drive' controller='0' bus='1' target='0' unit='1'/></disk>"));

        assertThat(m.disks().getFirst().attachment()).isEqualTo(new DiskAttachment.IdeHd(3));
    }

    @Test
    void usbDisksKeepTheirPortAndGetLibvirtsDefaultController() {
        DomainImport imported = read(withDevices("<disk type='file'><source file='/a'/>"
                + "<target dev='sda' bus='usb' removable='on'/><address type='usb' bus='0' port='2'/></disk>"));

        assertThat(imported.machine().disks().getFirst().attachment())
                .isEqualTo(new DiskAttachment.UsbStorage(Optional.of("2"), true));
        assertThat(imported.machine().usb()).contains(UsbController.xhci());
        assertThat(imported.reports()).isEmpty();
    }

    @Test
    void cdromDrivesMapToIdeCdAndScsiCdWithTheirMediumAndBootOrder() {
        DomainImport imported = read(withDevices("<controller type='scsi' index='0' model='virtio-scsi'/>"
                + "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='/x.iso'/>"
                + "<target dev='sdc' bus='sata'/><readonly/><boot order='1'/></disk>"
                + "<disk type='file' device='cdrom'><target dev='sda' bus='scsi'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='3'/><readonly/></disk>"));

        assertThat(imported.machine().devices(Cdrom.class)).containsExactly(
                Cdrom.medium("/x.iso").ideCd(2).bootIndex(1).build(),
                Cdrom.empty().scsiCd(0, 0, 3).build());
        assertThat(imported.reports()).isEmpty();
    }

    @Test
    void aHostCdromDriveIsReportedWhole() {
        DomainImport imported = read(withDevices("<disk type='block' device='cdrom'><source dev='/dev/sr0'/>"
                + "<target dev='hdc' bus='sata'/><readonly/></disk>"));

        assertThat(imported.machine().devices(Cdrom.class)).isEmpty();
        ImportReport r = report(imported, "/domain/devices/disk[1]");
        assertThat(r.reason()).isEqualTo(Reason.NOT_SUPPORTED);
        assertThat(r.why()).contains("ISO image files");
    }

    @Test
    void anIdeDriveIsTheAhciPortOfItsBusAndUnit() {
        DomainImport imported = read(withDevices("<disk type='file' device='cdrom'><source file='/x.iso'/>"
                + "<target dev='hdd' bus='ide'/><readonly/></disk>"));

        assertThat(imported.machine().devices(Cdrom.class)).containsExactly(Cdrom.medium("/x.iso").ideCd(3).build());
    }

    @Test
    void osBootDevicesGiveBootIndexesWhenNoDeviceHasOne() {
        Machine m = machine(with("", "<disk type='file'><source file='/a'/><target dev='vda'/></disk>"
                + "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>")
                .replace("</os>", "<boot dev='network'/><boot dev='hd'/></os>"));

        assertThat(m.disks().getFirst().bootIndex()).contains(2);
        assertThat(m.nics().getFirst().bootIndex()).contains(1);
    }

    // ---- controllers ----

    @Test
    void rootPortsBeyondTheDevicesBecomeSpares() {
        Machine m = machine(withDevices("<controller type='pci' index='0' model='pcie-root'/>"
                + "<controller type='pci' index='1' model='pcie-root-port'/>"
                + "<controller type='pci' index='2' model='pcie-root-port'/>"
                + "<controller type='pci' index='3' model='pcie-root-port'/>"
                + "<memballoon model='virtio'/>"));

        assertThat(m.spareRootPorts()).isEqualTo(2);
        assertThat(machine(withDevices("")).spareRootPorts()).as("jqemu's default without root ports")
                .isEqualTo(Machine.builder().name("x").build().spareRootPorts());
    }

    @Test
    void usbControllerAndHub() {
        Machine m = machine(withDevices("<controller type='usb' index='0' model='qemu-xhci'/>"
                + "<hub type='usb'><address type='usb' bus='0' port='2'/></hub>"));

        assertThat(m.usb()).contains(new UsbController(List.of(new UsbHub("2"))));
        assertThat(machine(withDevices("<controller type='usb' model='none'/>")).usb()).isEmpty();
    }

    // ---- interfaces ----

    @Test
    void bridgeInterfaceKeepsMacModelVhostAndAChosenTapName() {
        DomainImport imported = read(withDevices("<interface type='bridge'><mac address='52:54:00:AB:CD:EF'/>"
                + "<source bridge='br0'/><target dev='tap-web'/><model type='e1000e'/><driver name='vhost'/>"
                + "<boot order='1'/></interface>"));

        assertThat(imported.machine().nics()).containsExactly(new Nic(new NicBackend.BridgedTap("br0",
                Optional.of("tap-web"), VhostMode.ON), NicModel.E1000E, Optional.of("52:54:00:ab:cd:ef"),
                Optional.of(1), Optional.empty()));
        assertThat(imported.reports()).isEmpty();
    }

    @Test
    void libvirtsOwnTapNameIsLibvirtOnly() {
        DomainImport imported = read(withDevices("<interface type='bridge'><source bridge='br0'/>"
                + "<target dev='vnet3'/></interface>"));

        assertThat(((NicBackend.BridgedTap) imported.machine().nics().getFirst().backend()).ifname()).isEmpty();
        assertThat(report(imported, "/domain/devices/interface[1]/target").reason()).isEqualTo(Reason.LIBVIRT_ONLY);
    }

    @Test
    void ethernetDirectAndUserInterfaces() {
        Machine m = machine(withDevices("<interface type='ethernet'><target dev='tap7' managed='no'/>"
                + "<driver name='qemu'/></interface>"
                + "<interface type='direct'><source dev='eth0' mode='bridge'/></interface>"
                + "<interface type='direct'><source dev='eth1'/></interface>"
                + "<interface type='user'><portForward proto='udp' address='0.0.0.0'><range start='53' to='5353'/>"
                + "</portForward><portForward proto='tcp'><range start='2222'/></portForward></interface>"));

        assertThat(m.nics()).extracting(Nic::backend).containsExactly(
                NicBackend.existingTap("tap7", VhostMode.OFF),
                NicBackend.macvtap("eth0", MacvtapMode.BRIDGE, VhostMode.AUTO),
                NicBackend.macvtap("eth1", MacvtapMode.VEPA, VhostMode.AUTO),
                NicBackend.user(new PortForward(PortForward.Protocol.UDP, Optional.of("0.0.0.0"), 53, Optional.empty(), 5353),
                        new PortForward(PortForward.Protocol.TCP, Optional.empty(), 2222, Optional.empty(), 2222)));
    }

    @Test
    void networkInterfacesAndUnknownModelsAreReported() {
        DomainImport imported = read(withDevices("<interface type='network'><source network='default'/></interface>"
                + "<interface type='user'><model type='rtl8139'/></interface>"));

        assertThat(imported.machine().nics()).extracting(Nic::model).containsExactly(NicModel.VIRTIO_NET_PCI);
        assertThat(report(imported, "/domain/devices/interface[1]").reason()).isEqualTo(Reason.NOT_SUPPORTED);
        assertThat(report(imported, "/domain/devices/interface[2]/model/@type").value()).isEqualTo("rtl8139");
    }

    // ---- pass-through ----

    @Test
    void pciHostdevKeepsARootBusGuestAddressRomBarAndBootOrder() {
        DomainImport imported = read(withDevices("<hostdev mode='subsystem' type='pci' managed='yes'>"
                + "<source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source>"
                + "<rom bar='off'/><boot order='3'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x10' function='0x0' multifunction='on'/>"
                + "</hostdev>"
                + "<hostdev mode='subsystem' type='pci' managed='no'>"
                + "<source><address domain='0x0000' bus='0x07' slot='0x00' function='0x0'/></source>"
                + "<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></hostdev>"));

        assertThat(imported.machine().vfioDevices()).containsExactly(
                new VfioPci("0000:06:12.5", Optional.of("00:10.0"), true, Optional.of(false), false, Optional.of(3),
                        Optional.empty()),
                VfioPci.of("0000:07:00.0"));
        assertThat(report(imported, "/domain/devices/hostdev[2]/@managed").reason()).isEqualTo(Reason.NO_EFFECT);
        assertThat(report(imported, "/domain/devices/hostdev[2]/address").reason()).isEqualTo(Reason.NO_EFFECT);
    }

    @Test
    void usbHostdevByIdsOrAddressAndRedirdev() {
        Machine m = machine(withDevices("<controller type='usb' model='qemu-xhci'/>"
                + "<hostdev mode='subsystem' type='usb'><source><vendor id='0x0781'/><product id='0x5567'/></source>"
                + "<address type='usb' bus='0' port='4'/></hostdev>"
                + "<hostdev mode='subsystem' type='usb'><source><address bus='14' device='6'/></source></hostdev>"
                + "<redirdev bus='usb' type='tcp'><source mode='connect' host='192.0.2.1' service='4000'/></redirdev>"));

        assertThat(m.usbHostDevices()).containsExactly(
                new UsbHost(new UsbHost.Selector.ByIds(0x0781, 0x5567), Optional.of("4"), Optional.empty()),
                UsbHost.byAddress(14, 6));
        assertThat(m.usbRedirs()).containsExactly(UsbRedir.of("192.0.2.1", 4000));
    }

    // ---- ports, channels ----

    @Test
    void serialParallelAndAConsoleOfTheSamePort() {
        DomainImport imported = read(withDevices("<serial type='unix'><source mode='bind' path='/run/s.sock'/>"
                + "<target type='isa-serial' port='0'/></serial>"
                + "<serial type='tcp'><source mode='connect' host='ser2net' service='7000'/><protocol type='raw'/>"
                + "<target port='1'/></serial>"
                + "<parallel type='file'><source path='/tmp/lpt.log' append='on'/><target port='0'/></parallel>"
                + "<console type='unix'><source mode='bind' path='/run/s.sock'/><target type='serial' port='0'/>"
                + "</console>"));

        assertThat(imported.machine().devices(SerialPort.class)).containsExactly(
                new SerialPort(CharBackend.unixSocket("/run/s.sock")),
                new SerialPort(CharBackend.tcpClient("ser2net", 7000)));
        assertThat(imported.machine().devices(ParallelPort.class))
                .containsExactly(new ParallelPort(CharBackend.file("/tmp/lpt.log")));
        assertThat(report(imported, "/domain/devices/console[1]").reason()).isEqualTo(Reason.NO_EFFECT);
    }

    @Test
    void aConsoleWithoutItsSerialBecomesOne() {
        assertThat(machine(withDevices("<console type='pty'/>")).devices(SerialPort.class))
                .containsExactly(new SerialPort(CharBackend.pty()));
    }

    @Test
    void telnetIsReported() {
        DomainImport imported = read(withDevices("<serial type='tcp'><source mode='bind' host='127.0.0.1' "
                + "service='9999'/><protocol type='telnet'/></serial>"));

        assertThat(imported.machine().devices(SerialPort.class)).isEmpty();
        assertThat(report(imported, "/domain/devices/serial[1]").why()).contains("telnet");
    }

    @Test
    void theGuestAgentChannel() {
        DomainImport imported = read(withDevices("<controller type='virtio-serial' index='0'/>"
                + "<channel type='unix'><source mode='bind' path='/var/lib/libvirt/qemu/channel/t.agent'/>"
                + "<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel>"
                + "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"));

        assertThat(imported.machine().device(GuestAgent.class)).isPresent();
        assertThat(report(imported, "/domain/devices/channel[1]/source").reason()).isEqualTo(Reason.NO_EFFECT);
        assertThat(report(imported, "/domain/devices/channel[2]").reason()).isEqualTo(Reason.NOT_SUPPORTED);
    }

    // ---- display ----

    @Test
    void vncWithAPasswordGetsJqemusOwn() {
        DomainImport imported = read(withDevices("<graphics type='vnc' port='5901' autoport='no' passwd='secret'>"
                + "<listen type='address' address='0.0.0.0'/></graphics>"
                + "<video><model type='qxl' vgamem='16384' heads='1' primary='yes'/></video>"
                + "<video><model type='vga'/></video>"));

        assertThat(imported.machine().display().graphics())
                .isEqualTo(new Graphics.Vnc(ConsoleListener.tcp("0.0.0.0", 5901), ConsoleAuth.PASSWORD));
        assertThat(imported.machine().display().vga()).contains(Vga.of(Vga.Model.QXL, 16));
        assertThat(report(imported, "/domain/devices/graphics[1]/@passwd").reason()).isEqualTo(Reason.NOT_SUPPORTED);
        assertThat(report(imported, "/domain/devices/video[2]").why()).contains("one graphics card");
    }

    @Test
    void spiceOnASocketAndVmvgaMemory() {
        Machine m = machine(withDevices("<graphics type='spice'><listen type='socket' socket='/run/spice.sock'/>"
                + "</graphics><video><model type='vmvga' vram='16384'/></video>"));

        assertThat(m.display().graphics())
                .isEqualTo(new Graphics.Spice(ConsoleListener.unixSocket("/run/spice.sock"), ConsoleAuth.NONE));
        assertThat(m.display().vga()).contains(Vga.of(Vga.Model.VMWARE_SVGA, 16));
    }

    // ---- the rest ----

    @Test
    void balloonRngAndShares() {
        Machine m = machine(withDevices("<memballoon model='virtio' autodeflate='on' freePageReporting='on'/>"
                + "<rng model='virtio'><backend model='random'>/dev/hwrng</backend></rng>"
                + "<filesystem type='mount' accessmode='mapped'><driver type='path'/><source dir='/srv'/>"
                + "<target dir='srv'/><readonly/></filesystem>"
                + "<filesystem accessmode='squash'><source dir='/b'/><target dir='b'/></filesystem>"));

        assertThat(m.device(Balloon.class)).contains(new Balloon(true, true));
        assertThat(m.device(Rng.class)).contains(new Rng("/dev/hwrng"));
        assertThat(m.devices(SharedDirectory.class)).containsExactly(
                new SharedDirectory("/srv", "srv", SharedDirectory.SecurityModel.MAPPED_XATTR, true),
                new SharedDirectory("/b", "b", SharedDirectory.SecurityModel.NONE, false));
        assertThat(machine(withDevices("<memballoon model='none'/>")).device(Balloon.class)).isEmpty();
    }

    @Test
    void anUnknownDeviceIsReportedWithItsXpath() {
        DomainImport imported = read(withDevices("<sound model='ich9'/><sound model='ac97'/>"));

        assertThat(imported.reports()).containsExactly(
                new ImportReport("/domain/devices/sound[1]", "<sound model='ich9'/>", Reason.NOT_SUPPORTED,
                        "jqemu has no mapping for it; the imported VM lacks it"),
                new ImportReport("/domain/devices/sound[2]", "<sound model='ac97'/>", Reason.NOT_SUPPORTED,
                        "jqemu has no mapping for it; the imported VM lacks it"));
        assertThat(imported.complete()).isFalse();
    }

    @Test
    void aSecondElementWhereLibvirtHasOneIsReported() {
        DomainImport imported = read(withDevices("<disk type='file'><source file='/a'/><source file='/b'/>"
                + "<target dev='vda'/></disk>"));

        assertThat(imported.machine().disks().getFirst().source().path()).isEqualTo("/a");
        assertThat(report(imported, "/domain/devices/disk[1]/source[2]").value()).isEqualTo("<source file='/b'/>");
    }

    @Test
    void aliasesSeclabelsAndTheEmulatorAreLibvirtOnly() {
        DomainImport imported = read(with("<seclabel type='dynamic' model='dac'/>", "<emulator>/usr/bin/qemu</emulator>"
                + "<memballoon model='virtio'><alias name='balloon0'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></memballoon>"));

        assertThat(imported.reports()).extracting(ImportReport::xpath, ImportReport::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/domain/seclabel", Reason.LIBVIRT_ONLY),
                org.assertj.core.groups.Tuple.tuple("/domain/devices/emulator[1]", Reason.LIBVIRT_ONLY),
                org.assertj.core.groups.Tuple.tuple("/domain/devices/memballoon[1]/alias", Reason.LIBVIRT_ONLY),
                org.assertj.core.groups.Tuple.tuple("/domain/devices/memballoon[1]/address", Reason.NO_EFFECT));
        assertThat(imported.complete()).isTrue();
    }
}
