package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.render.HostResource.Access;
import io.jqemu.core.scenario.ScenarioMachines;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rendering lists, in argv order, every host resource the launcher must prepare, each with its field path. */
class HostResourcesTest {
    private static final RenderContext CTX = RenderContext.builder()
            .qmpSocket("/run/vm/qmp.sock").runtimeDir("/run/vm").ovmfVars("/var/lib/vm/VARS.fd")
            .vhostNetAvailable(false).tapFds("net2", new TapFds("7", Optional.empty())).build();

    @Test
    void s1NeedsBlockDevicesTheLoaderImageVarsAndATapOnBr0() {
        var r = MachineRenderer.render(ScenarioMachines.s1Dsm(), CTX).hostResources();
        assertThat(r).containsExactly(
                new HostResource.ListeningSocket("/run/vm/qmp.sock", "qmp"),
                new HostResource.ConsolePasswordFile("/etc/jqemu/dsm-console.password", "display.graphics.password_file"),
                new HostResource.ImageFile(ScenarioMachines.OVMF_CODE, Access.READ_ONLY, "firmware.codePath"),
                new HostResource.OvmfVars(ScenarioMachines.OVMF_VARS, "/var/lib/vm/VARS.fd", "firmware.varsTemplate"),
                new HostResource.BlockDevice("/dev/sdb", Access.READ_WRITE, "disks[0].path"),
                new HostResource.BlockDevice("/dev/sdc", Access.READ_WRITE, "disks[1].path"),
                new HostResource.ImageFile("/image/tinycore-redpill-uefi.v0.9.2.8.img", Access.READ_WRITE, "disks[2].path"),
                new HostResource.TapToCreate(NetworkNames.defaultTapName(ScenarioMachines.s1Dsm().uuid(), "net0"), "br0",
                        true, "nics[0].backend"));
    }

    @Test
    void aLockedDownVmNeedsItsUserItsPasswordFileAndItsTlsCredentials() {
        var r = MachineRenderer.render(ScenarioMachines.lockedDown(), CTX).hostResources();
        assertThat(r).contains(new HostResource.QemuUser("jqemu", "runAs"),
                new HostResource.ConsolePasswordFile("/etc/jqemu/locked-down.password", "display.graphics.password_file"),
                new HostResource.ImageFile("/etc/pki/qemu/ca-cert.pem", Access.READ_ONLY, "display.graphics.tls.dir"),
                new HostResource.ImageFile("/etc/pki/qemu/server-cert.pem", Access.READ_ONLY, "display.graphics.tls.dir"),
                new HostResource.ImageFile("/etc/pki/qemu/server-key.pem", Access.READ_ONLY, "display.graphics.tls.dir"));
    }

    @Test
    void directKernelBootNeedsTheKernelAndInitrdReadable() {
        var r = MachineRenderer.render(ScenarioMachines.directKernel(), CTX).hostResources();
        assertThat(r).containsExactly(
                new HostResource.ListeningSocket("/run/vm/qmp.sock", "qmp"),
                new HostResource.ImageFile("/var/lib/jqemu/guest/vmlinux", Access.READ_ONLY, "directKernelBoot.kernel"),
                new HostResource.ImageFile("/var/lib/jqemu/guest/initramfs.cpio.gz", Access.READ_ONLY, "directKernelBoot.initrd"),
                new HostResource.ListeningSocket("/run/vm/serial0.sock", "serials[0].backend.path"));
        var kernelOnly = ScenarioMachines.directKernel().toBuilder().directKernelBoot("/boot/bzImage").build();
        assertThat(MachineRenderer.render(kernelOnly, CTX).hostResources()).filteredOn(h -> h.fieldPath().startsWith("direct"))
                .containsExactly(new HostResource.ImageFile("/boot/bzImage", Access.READ_ONLY, "directKernelBoot.kernel"));
    }

    @Test
    void s2NeedsTapsMacvtapVfioShareAndEntropy() {
        var m = ScenarioMachines.s2OpenwrtNas();
        var r = MachineRenderer.render(m, CTX).hostResources();
        assertThat(r).contains(
                new HostResource.TapToCreate(NetworkNames.defaultTapName(m.uuid(), "net1"), "br-lan", false, "nics[1].backend"),
                new HostResource.MacvtapToCreate(NetworkNames.defaultMacvtapName(m.uuid(), "net2"), "eth0", MacvtapMode.BRIDGE,
                        NetworkNames.defaultMac(m.uuid(), "net2"), false, "net2", "nics[2].backend"),
                new HostResource.VfioDevice(new PciAddress(0, 3, 0, 0), "vfioDevices[0].hostAddress"),
                new HostResource.SharedDirectory("/srv/hdd", false, "shares[0].hostPath"),
                new HostResource.HostDeviceNode("/dev/urandom", "rng.source"));
    }

    @Test
    void s3AndS4NeedTapsSocketsUsbAndDeviceNodes() {
        var s3 = MachineRenderer.render(ScenarioMachines.s3StorageModes(), CTX).hostResources();
        assertThat(s3).contains(
                new HostResource.ExistingTap("tap-lab0", true, "nics[0].backend.ifname"),
                new HostResource.BlockDevice("/dev/sdd", Access.READ_WRITE, "disks[3].path"),
                new HostResource.ImageFile("/var/lib/jqemu/lab/seed.iso", Access.READ_ONLY, "disks[4].path"),
                new HostResource.ListeningSocket("/run/jqemu/storage-lab/console.sock", "serials[0].backend.path"));
        var s4 = MachineRenderer.render(ScenarioMachines.s4Passthrough(), CTX).hostResources();
        assertThat(s4).contains(
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByIds(0x0781, 0x5567), "usbHostDevices[0]"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByAddress(1, 4), "usbHostDevices[1]"),
                new HostResource.HostDeviceNode("/dev/ttyS0", "serials[1].backend.path"),
                new HostResource.HostDeviceNode("/dev/parport0", "parallels[1].backend.path"),
                new HostResource.VfioDevice(new PciAddress(0, 1, 0, 0), "vfioDevices[0].hostAddress"));
    }
}
