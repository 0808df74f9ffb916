package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.pci.GroupMember;
import io.jqemu.launcher.host.pci.PciAddresses;
import io.jqemu.launcher.host.pci.VfioGroupReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vfio-pci passthrough of whole IOMMU groups against a fake sysfs whose kernel reacts to writes. */
class VfioPassthroughTest {
    private static final String WIFI = "0000:03:00.0";
    private static final String SATA = "0000:03:00.1";
    private static final String BRIDGE = "0000:00:1c.0";

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

    private static HostResource vfio(String field, String address) {
        return new HostResource.VfioDevice(PciAddresses.parse(field, address), field);
    }

    @Test
    void groupHoldingAHostDeviceIsRefusedNamingEveryMemberBeforeAnythingIsWritten() throws Exception {
        // the J3455 case of scenario S2: the Wi-Fi card shares its group with the SATA controller
        kernel.device(BRIDGE, "8086:5ad8", 0x060400, "pcieport", "7")
                .device(WIFI, "168c:003e", 0x028000, "ath10k_pci", "7")
                .device(SATA, "8086:5ae3", 0x010601, "ahci", "7");

        assertThatThrownBy(() -> preparation.prepare("router", List.of(vfio("hostdevs[0].address", WIFI))))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("hostdevs[0].address: " + WIFI + " cannot be passed through: IOMMU group 7")
                .hasMessageContaining(BRIDGE + " [8086:5ad8] class 060400 driver pcieport: PCI bridge, stays with the host")
                .hasMessageContaining(WIFI + " [168c:003e] class 028000 driver ath10k_pci: passed through")
                .hasMessageContaining(SATA + " [8086:5ae3] class 010601 driver ahci: in use by the host");
        assertThat(kernel.writes()).isEmpty();
        assertThat(kernel.driverOf(WIFI)).contains("ath10k_pci");
        assertThat(vmRoot.resolve("state/router")).doesNotExist();
    }

    @Test
    void groupReportListsMembersWithTheirVerdict() throws Exception {
        kernel.device(BRIDGE, "8086:5ad8", 0x060400, "pcieport", "7")
                .device(WIFI, "168c:003e", 0x028000, "ath10k_pci", "7")
                .device(SATA, "8086:5ae3", 0x010601, "ahci", "7");

        VfioGroupReport report = preparation.vfioReport("check", PciAddresses.parse("t", WIFI));

        assertThat(report.group()).contains("7");
        assertThat(report.canBeGivenAway()).isFalse();
        assertThat(report.members()).extracting(m -> m.device().address().toString(), GroupMember::role,
                        GroupMember::canBeGivenAway)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(BRIDGE, GroupMember.Role.BRIDGE, true),
                        org.assertj.core.groups.Tuple.tuple(WIFI, GroupMember.Role.REQUESTED, true),
                        org.assertj.core.groups.Tuple.tuple(SATA, GroupMember.Role.HOST_DEVICE, false));
        assertThat(report.blockers()).extracting(m -> m.device().ids()).containsExactly("8086:5ae3");
    }

    @Test
    void bindAndRestoreFollowTheManagedHostdevSequenceExactly() throws Exception {
        kernel.device(BRIDGE, "8086:5ad8", 0x060400, "pcieport", "7")
                .device(WIFI, "168c:003e", 0x028000, "ath10k_pci", "7");

        PreparedHost prepared = preparation.prepare("router", List.of(vfio("hostdevs[0].address", WIFI)));

        assertThat(kernel.writes()).containsExactly(
                "bus/pci/devices/" + WIFI + "/driver_override <- vfio-pci",
                "bus/pci/devices/" + WIFI + "/driver/unbind <- " + WIFI,
                "bus/pci/drivers_probe <- " + WIFI);
        assertThat(kernel.driverOf(WIFI)).contains("vfio-pci");
        assertThat(kernel.driverOf(BRIDGE)).contains("pcieport");
        assertThat(prepared.vfioDevices()).containsEntry("hostdevs[0].address", PciAddresses.parse("t", WIFI));
        assertThat(prepared.pendingChanges()).contains(
                new HostChange.VfioBound("hostdevs[0].address", PciAddresses.parse("t", WIFI), Optional.of("ath10k_pci")));

        kernel.clearWrites();
        prepared.close();

        assertThat(kernel.writes()).containsExactly(
                "bus/pci/devices/" + WIFI + "/driver_override <- \\n",
                "bus/pci/devices/" + WIFI + "/driver/unbind <- " + WIFI,
                "bus/pci/drivers_probe <- " + WIFI);
        assertThat(kernel.driverOf(WIFI)).contains("ath10k_pci");
        assertThat(kernel.overrideOf(WIFI)).isEqualTo("(null)");
        assertThat(prepared.paths().journal().file()).doesNotExist();
        assertThat(prepared.paths().runtimeDir()).doesNotExist();

        kernel.clearWrites();
        prepared.close();
        assertThat(kernel.writes()).as("release is idempotent").isEmpty();
    }

    @Test
    void wholeGroupOfTheVmsOwnDevicesIsBoundAndGivenBack() throws Exception {
        // both functions of one card in one group, the seed's vfio-bind.sh case
        kernel.device(WIFI, "8086:1533", 0x020000, "igb", "9")
                .device(SATA, "8086:1533", 0x020000, "igb", "9");

        try (PreparedHost prepared = preparation.prepare("nas",
                List.of(vfio("hostdevs[0].address", WIFI), vfio("hostdevs[1].address", SATA)))) {
            assertThat(kernel.driverOf(WIFI)).contains("vfio-pci");
            assertThat(kernel.driverOf(SATA)).contains("vfio-pci");
            assertThat(prepared.vfioDevices()).hasSize(2);
        }
        assertThat(kernel.driverOf(WIFI)).contains("igb");
        assertThat(kernel.driverOf(SATA)).contains("igb");
    }

    @Test
    void groupHeldOpenByAnotherProcessIsRefused() throws Exception {
        kernel.device(WIFI, "168c:003e", 0x028000, "vfio-pci", "7").processHoldsGroup(4242, "7");

        assertThatThrownBy(() -> preparation.prepare("router", List.of(vfio("hostdevs[0].address", WIFI))))
                .hasMessageContaining("IOMMU group 7 is in use by process 4242 (another VM)");
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void hostWithoutIommuIsToldSo() throws Exception {
        kernel.device(WIFI, "168c:003e", 0x028000, "ath10k_pci", null);

        assertThatThrownBy(() -> preparation.prepare("router", List.of(vfio("hostdevs[0].address", WIFI))))
                .hasMessageContaining("hostdevs[0].address: the host has no IOMMU enabled");
        assertThat(preparation.vfioReport("check", PciAddresses.parse("t", WIFI)).describe())
                .contains(WIFI + " has no IOMMU group");
    }

    @Test
    void missingDeviceNamesTheField() throws Exception {
        kernel.device(BRIDGE, "8086:5ad8", 0x060400, "pcieport", "7");

        assertThatThrownBy(() -> preparation.prepare("router", List.of(vfio("hostdevs[2].address", "05:00.0"))))
                .hasMessage("hostdevs[2].address: no PCI device 0000:05:00.0 on this host"
                        + " (/sys/bus/pci/devices/0000:05:00.0 does not exist)");
    }

    @Test
    void failureMidwayUndoesWhatWasDone() throws Exception {
        kernel.device(WIFI, "8086:1533", 0x020000, "igb", "9")
                .device(SATA, "8086:1533", 0x020000, "igb", "10");
        kernel.refuseVfio(PciAddresses.parse("t", SATA));

        assertThatThrownBy(() -> preparation.prepare("nas",
                List.of(vfio("hostdevs[0].address", WIFI), vfio("hostdevs[1].address", SATA))))
                .hasMessage("hostdevs[1].address: " + SATA + " did not bind to vfio-pci (bound to no driver after"
                        + " drivers_probe)");

        assertThat(kernel.driverOf(WIFI)).contains("igb");
        assertThat(kernel.driverOf(SATA)).contains("igb");
        assertThat(kernel.overrideOf(WIFI)).isEqualTo("(null)");
        assertThat(kernel.overrideOf(SATA)).isEqualTo("(null)");
        assertThat(vmRoot.resolve("state/nas/" + UndoJournal.FILE_NAME)).doesNotExist();
        assertThat(vmRoot.resolve("run/nas")).doesNotExist();
    }

    @Test
    void sriovVirtualFunctionIsEnabledPassedAndTheFunctionsRemovedOnRelease() throws Exception {
        String pf = "0000:02:00.0";
        kernel.device(pf, "8086:10fb", 0x020000, "ixgbe", "12")
                .sriov(pf, "ixgbevf", "0000:02:10.0", "0000:02:10.2", "0000:02:10.4", "0000:02:10.6");

        PreparedHost prepared = preparation.prepare("router", List.of(
                new HostResource.SriovVirtualFunction(PciAddresses.parse("t", pf), 1, 2,
                        PciAddresses.parse("t", "0000:02:10.2"), "hostdevs[0]")));

        assertThat(prepared.vfioDevices()).containsEntry("hostdevs[0]", PciAddresses.parse("t", "0000:02:10.2"));
        assertThat(kernel.driverOf("0000:02:10.2")).contains("vfio-pci");
        assertThat(kernel.driverOf("0000:02:10.0")).contains("ixgbevf");
        assertThat(kernel.driverOf(pf)).contains("ixgbe");
        assertThat(kernel.writes()).containsExactly(
                "bus/pci/devices/" + pf + "/sriov_numvfs <- 2",
                "bus/pci/devices/0000:02:10.2/driver_override <- vfio-pci",
                "bus/pci/devices/0000:02:10.2/driver/unbind <- 0000:02:10.2",
                "bus/pci/drivers_probe <- 0000:02:10.2");

        kernel.clearWrites();
        prepared.close();

        assertThat(kernel.writes()).containsExactly(
                "bus/pci/devices/0000:02:10.2/driver_override <- \\n",
                "bus/pci/devices/0000:02:10.2/driver/unbind <- 0000:02:10.2",
                "bus/pci/drivers_probe <- 0000:02:10.2",
                "bus/pci/devices/" + pf + "/sriov_numvfs <- 0");
        assertThat(Files.exists(sysRoot.resolve("sys/bus/pci/devices/0000:02:10.2"))).isFalse();
    }

    @Test
    void sriovBeyondTheFunctionsTheDeviceHasNamesTheField() throws Exception {
        String pf = "0000:02:00.0";
        kernel.device(pf, "8086:10fb", 0x020000, "ixgbe", "12").sriov(pf, "ixgbevf", "0000:02:10.0");

        assertThatThrownBy(() -> preparation.prepare("router", List.of(
                new HostResource.SriovVirtualFunction(PciAddresses.parse("t", pf), 0, 4,
                        PciAddresses.parse("t", "0000:02:10.0"), "hostdevs[0]"))))
                .hasMessage("hostdevs[0]: " + pf + " supports 1 virtual functions, asked for 4");
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void deadControllerIsReconciledAndASecondControllerCanResume() throws Exception {
        kernel.device(WIFI, "168c:003e", 0x028000, "ath10k_pci", "7")
                .device(SATA, "8086:1533", 0x020000, "igb", "8");
        PreparedHost first = preparation.prepare("router", List.of(vfio("hostdevs[0].address", WIFI)));
        Path stateDir = first.paths().stateDir();
        // the first controller dies without releasing: a new one resumes from the state directory

        HostPreparation second = new HostPreparation(kernel.host(), preparation.layout(), () -> null);
        assertThatThrownBy(() -> second.prepare("router", List.of()))
                .hasMessageContaining("still has host changes recorded");
        PreparedHost resumed = second.resume(stateDir);
        assertThat(resumed.vfioDevices()).containsEntry("hostdevs[0].address", PciAddresses.parse("t", WIFI));
        assertThat(resumed.paths()).isEqualTo(first.paths());
        resumed.close();
        assertThat(kernel.driverOf(WIFI)).contains("ath10k_pci");

        PreparedHost again = second.prepare("router", List.of(vfio("hostdevs[0].address", SATA)));
        assertThat(kernel.driverOf(SATA)).contains("vfio-pci");
        // this one dies too, and its VM with it: reconcile undoes what it left
        List<HostChange> undone = new HostPreparation(kernel.host(), preparation.layout(), () -> null)
                .reconcile(again.paths().stateDir());
        assertThat(undone).contains(new HostChange.VfioBound("hostdevs[0].address", PciAddresses.parse("t", SATA), Optional.of("igb")));
        assertThat(kernel.driverOf(SATA)).contains("igb");
        assertThat(again.paths().runtimeDir()).doesNotExist();
    }
}
