package io.jqemu.launcher.host;

import io.jqemu.core.Violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.UsbHost;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.net.TapDevices;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's host resources checked, described and prepared by their handlers. */
class HostResourcesTest {
    @TempDir
    Path dir;

    @Test
    void reportDescribesWhatEachNeedDoesAndListsItsFailuresUnderTheirFields() throws Exception {
        FakePciKernel kernel = new FakePciKernel(dir.resolve("root"));
        Path usb = dir.resolve("root/sys/bus/usb/devices/1-1");
        Files.createDirectories(usb);
        Files.writeString(usb.resolve("idVendor"), "046d\n");
        Files.writeString(usb.resolve("idProduct"), "c52b\n");
        Files.writeString(usb.resolve("busnum"), "1\n");
        Files.writeString(usb.resolve("devnum"), "4\n");
        HostPreparation preparation = new HostPreparation(kernel.host(),
                new HostLayout(dir.resolve("state"), dir.resolve("run")), TapDevices::new);
        Path image = Files.writeString(dir.resolve("a.raw"), "disk");
        Path template = Files.writeString(dir.resolve("VARS.fd"), "vars");

        HostReport report = preparation.report("vm", List.of(
                new HostResource.ImageFile(image.toString(), HostResource.Access.READ_ONLY, "disks[0].path"),
                new HostResource.OvmfVars(template.toString(), dir.resolve("state/vm/VARS.fd").toString(), "firmware"),
                new HostResource.ExistingTap("no-such-tap!", true, "nics[0].backend.ifname"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByIds(0x046d, 0xc52b), "usb_hosts[0]"),
                new HostResource.SharedDirectory(dir.toString(), true, "shares[0].path"),
                new HostResource.ListeningSocket(dir.resolve("run/vm/qmp.sock").toString(), "qmp")));

        assertThat(report.needs()).extracting(HostReport.Need::description).containsExactly(
                "QEMU opens " + image + " read-only",
                "copies " + template + " to " + dir.resolve("state/vm/VARS.fd") + " for the VM's UEFI variables (kept)",
                "QEMU opens the existing tap no-such-tap! (vhost on)",
                "QEMU opens USB device 046d:c52b (bus/address 1/4)",
                "QEMU shares " + dir + " with the guest over 9p read-only",
                "QEMU listens on " + dir.resolve("run/vm/qmp.sock"));
        assertThat(report.needs().get(2).failures()).extracting(Violation::toString).containsExactly(
                "nics[0].backend.ifname: interface no-such-tap! does not exist on this host",
                "nics[0].backend.ifname.vhost: nics[0].backend.ifname.vhost = on, but /dev/vhost-net does not exist"
                        + " on this host (load the vhost_net module); use off or auto");
        assertThat(report.needs()).filteredOn(n -> n != report.needs().get(2)).allMatch(n -> n.failures().isEmpty());
        assertThat(report.findings()).isEqualTo(report.needs().get(2).failures());
        assertThat(dir.resolve("state/vm")).as("nothing was changed").doesNotExist();
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

        try (PreparedHost prepared = preparation.prepare("vm", List.of(
                new HostResource.ImageFile(image.toString(), HostResource.Access.READ_WRITE, "disks[0].path"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByIds(0x046d, 0xc52b), "usb_hosts[0]"),
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByAddress(1, 4), "usb_hosts[1]"),
                new HostResource.ListeningSocket(stale.toString(), "serials[0].path"),
                new HostResource.ListeningSocket(dir.resolve("run/vm/qga.sock").toString(), "guest_agent"),
                new HostResource.OutputFile(dir.resolve("console.log").toString(), "serials[1].path"),
                new HostResource.SharedDirectory(dir.toString(), false, "shares[0].path")))) {
            assertThat(stale).as("stale socket removed").doesNotExist();
            assertThat(prepared.paths().runtimeDir()).as("a socket in the VM's own runtime dir needs no existing dir")
                    .isEqualTo(dir.resolve("run/vm"));
            assertThat(prepared.paths().runtimeDir()).isDirectory();
        }

        assertThatThrownBy(() -> preparation.prepare("vm", List.of(
                new HostResource.UsbHostDevice(new UsbHost.Selector.ByAddress(2, 9), "usb_hosts[1]"))))
                .hasMessage("usb_hosts[1]: no USB device at bus/address 2/9 on this host");
        assertThatThrownBy(() -> preparation.prepare("vm", List.of(
                new HostResource.ListeningSocket(dir.resolve("missing/qga.sock").toString(), "guest_agent.socket"))))
                .hasMessage("guest_agent.socket: the directory " + dir.resolve("missing") + " of socket "
                        + dir.resolve("missing/qga.sock") + " does not exist");
        assertThat(dir.resolve("state/vm/" + UndoJournal.FILE_NAME)).doesNotExist();
    }
}
