package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.render.HostResource;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's host resources turned into requirements and prepared. */
class HostResourcesTest {
    @TempDir
    Path dir;

    @Test
    void everyResourceKindMapsToARequirementNamingItsField() {
        List<HostRequirement> requirements = HostResources.requirements(List.of(
                new HostResource.ImageFile("/img/a.qcow2", HostResource.Access.READ_WRITE, "disks[0].path"),
                new HostResource.BlockDevice("/dev/sdb", HostResource.Access.READ_ONLY, "disks[1].path"),
                new HostResource.OvmfVars("/usr/share/OVMF/OVMF_VARS_4M.fd", "/state/vm/OVMF_VARS.fd", "firmware"),
                new HostResource.TapToCreate("vm-tap0", "br0", true, "nics[0].backend"),
                new HostResource.VfioDevice(new PciAddress(0, 3, 0, 0), "hostdevs[0].address"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByIds(0x046d, 0xc52b), "usb_hosts[0]"),
                new HostResource.HostDeviceNode("/dev/ttyS1", "serials[1].path"),
                new HostResource.SharedDirectory("/srv/share", true, "shares[0].path")));

        assertThat(requirements).containsExactly(
                new HostRequirement.ExistingPath("disks[0].path", Path.of("/img/a.qcow2"), HostPathCheck.Kind.FILE, true),
                new HostRequirement.ExistingPath("disks[1].path", Path.of("/dev/sdb"), HostPathCheck.Kind.BLOCK_DEVICE,
                        false),
                new HostRequirement.OvmfVars("firmware", Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"),
                        Path.of("/state/vm/OVMF_VARS.fd")),
                new HostRequirement.BridgedTap("nics[0].backend", "vm-tap0", "br0"),
                new HostRequirement.VhostNet("nics[0].backend.vhost"),
                new HostRequirement.VfioDevice("hostdevs[0].address", new PciAddress(0, 3, 0, 0)),
                new HostRequirement.UsbDevice("usb_hosts[0]", "046d:c52b"),
                new HostRequirement.ExistingPath("serials[1].path", Path.of("/dev/ttyS1"),
                        HostPathCheck.Kind.CHARACTER_DEVICE, true),
                new HostRequirement.ExistingPath("shares[0].path", Path.of("/srv/share"), HostPathCheck.Kind.DIRECTORY,
                        false));
        assertThat(HostResources.requirements(List.of(new HostResource.MacvtapToCreate("mv0", "eth0",
                MacvtapMode.BRIDGE, "52:54:00:00:00:01", true, "net1", "nics[1].backend")))).containsExactly(
                new HostRequirement.Macvtap("nics[1].backend", "mv0", "eth0", MacvtapMode.BRIDGE, "52:54:00:00:00:01"),
                new HostRequirement.VhostNet("nics[1].backend.vhost"));
    }

    @Test
    void resourcesArePreparedAndFailuresNameTheField() throws Exception {
        FakePciKernel kernel = new FakePciKernel(dir.resolve("root"));
        Path usb = dir.resolve("root/sys/bus/usb/devices/1-1");
        Files.createDirectories(usb);
        Files.writeString(usb.resolve("idVendor"), "046d\n");
        Files.writeString(usb.resolve("idProduct"), "c52b\n");
        Files.writeString(usb.resolve("busnum"), "1\n");
        Files.writeString(usb.resolve("devnum"), "4\n");
        HostPreparation preparation = new HostPreparation(kernel.host(),
                new HostLayout(dir.resolve("state"), dir.resolve("run")), () -> {
                    throw new AssertionError("no tap expected");
                });
        Path image = Files.writeString(dir.resolve("a.raw"), "disk");
        Path stale = dir.resolve("serial.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();

        try (PreparedHost prepared = preparation.prepare("vm", HostResources.requirements(List.of(
                new HostResource.ImageFile(image.toString(), HostResource.Access.READ_WRITE, "disks[0].path"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByIds(0x046d, 0xc52b), "usb_hosts[0]"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByAddress(1, 4), "usb_hosts[1]"),
                new HostResource.ListeningSocket(stale.toString(), "serials[0].path"),
                new HostResource.ListeningSocket(dir.resolve("run/vm/qga.sock").toString(), "guest_agent"),
                new HostResource.OutputFile(dir.resolve("console.log").toString(), "serials[1].path"),
                new HostResource.SharedDirectory(dir.toString(), false, "shares[0].path"))))) {
            assertThat(stale).as("stale socket removed").doesNotExist();
            assertThat(prepared.paths().runtimeDir()).as("a socket in the VM's own runtime dir needs no existing dir")
                    .isEqualTo(dir.resolve("run/vm"));
            assertThat(prepared.paths().runtimeDir()).isDirectory();
        }

        assertThatThrownBy(() -> preparation.prepare("vm", HostResources.requirements(List.of(
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByAddress(2, 9), "usb_hosts[1]")))))
                .hasMessage("usb_hosts[1]: no USB device at bus/address 2/9 on this host");
        assertThatThrownBy(() -> preparation.prepare("vm", HostResources.requirements(List.of(
                new HostResource.ListeningSocket(dir.resolve("missing/qga.sock").toString(), "guest_agent.socket")))))
                .hasMessage("guest_agent.socket: the directory " + dir.resolve("missing") + " of socket "
                        + dir.resolve("missing/qga.sock") + " does not exist");
        assertThat(dir.resolve("state/vm/" + UndoJournal.FILE_NAME)).doesNotExist();
    }
}
