package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.pci.PciAddresses;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM whose QEMU runs as another user ({@code run_as}): the OVMF vars file and the vfio group node of a
 * passed-through device are handed to that user, journaled, and given back to their previous owner
 * when the VM's host changes are undone; an unknown user or root is refused before anything changes.
 * The vfio side runs against a fake sysfs tree (this machine has no IOMMU).
 */
@io.jqemu.testsupport.RequiresRoot
class QemuUserHandOverTest {
    private static final String NIC = "0000:03:00.0";
    private static final int NOBODY = 65534;

    @TempDir
    Path sysRoot;
    @TempDir
    Path vmRoot;
    FakePciKernel kernel;
    HostPreparation preparation;

    @BeforeEach
    void host() throws Exception {
        kernel = new FakePciKernel(sysRoot);
        preparation = new HostPreparation(kernel.host(), new HostLayout(vmRoot.resolve("state"), vmRoot.resolve("run")),
                () -> {
                    throw new AssertionError("no tap expected");
                });
    }

    @Test
    void varsAndVfioGroupNodeAreHandedOverAndGivenBack() throws Exception {
        kernel.device(NIC, "8086:1533", 0x020000, "igb", "9");
        Path group = Files.createDirectories(sysRoot.resolve("dev/vfio")).resolve("9");
        Files.writeString(group, "");
        Path template = Files.writeString(vmRoot.resolve("OVMF_VARS.template"), "vars");
        Path vars = vmRoot.resolve("state/router/OVMF_VARS.fd");

        PreparedHost prepared = preparation.prepare("router", List.of(
                new HostResource.OvmfVars(template.toString(), vars.toString(), "firmware.varsTemplate"),
                new HostResource.VfioDevice(PciAddresses.parse("t", NIC), "vfio_devices[0].host_address"),
                new HostResource.QemuUser("nobody", "runAs")));

        assertThat(uid(vars)).isEqualTo(NOBODY);
        assertThat(uid(group)).isEqualTo(NOBODY);
        assertThat(prepared.pendingChanges()).contains(new HostChange.OwnerChanged(vars, 0, 0),
                new HostChange.OwnerChanged(group, 0, 0));

        prepared.close();

        assertThat(uid(vars)).as("the vars file is the VM's, kept, and root's again").isZero();
        assertThat(uid(group)).isZero();
        assertThat(kernel.driverOf(NIC)).contains("igb");
    }

    @Test
    void anUnknownUserOrRootIsRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> preparation.prepare("router", List.of(
                new HostResource.QemuUser("jqemu-no-such-user", "runAs"))))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("runAs: there is no user 'jqemu-no-such-user' on this host");
        assertThatThrownBy(() -> preparation.prepare("router", List.of(new HostResource.QemuUser("root", "runAs"))))
                .isInstanceOf(HostException.class).hasMessageContaining("runAs: user 'root' has uid 0");
        assertThat(vmRoot.resolve("state/router")).doesNotExist();
        assertThat(preparation.check("router", List.of(new HostResource.QemuUser("jqemu-no-such-user", "runAs"))))
                .extracting(io.jqemu.core.Violation::path).containsExactly("runAs");
    }

    private static int uid(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
