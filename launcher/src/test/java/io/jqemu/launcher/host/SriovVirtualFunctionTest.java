package io.jqemu.launcher.host;

import io.jqemu.core.Violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.pci.PciAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SR-IOV virtual functions passed through, on a fake sysfs whose kernel creates the functions where
 * the physical function's {@code sriov_offset} and {@code sriov_stride} put them.
 */
class SriovVirtualFunctionTest {
    private static final String PF = "0000:02:00.0";
    // offset 0x80, stride 2: functions at 02:10.0, 02:10.2, 02:10.4, 02:10.6
    private static final String VF2 = "0000:02:10.4";
    private static final String VF3 = "0000:02:10.6";

    @TempDir
    Path sysRoot;
    @TempDir
    Path vmRoot;
    FakePciKernel kernel;
    HostPreparation preparation;

    @BeforeEach
    void host() throws Exception {
        kernel = new FakePciKernel(sysRoot);
        kernel.device(PF, "8086:10fb", 0x020000, "ixgbe", "12").sriov(PF, "ixgbevf", 4, 0x80, 2);
        preparation = preparation(Duration.ofSeconds(10));
    }

    private HostPreparation preparation(Duration timeout) {
        return new HostPreparation(kernel.host(), new HostLayout(vmRoot.resolve("state"), vmRoot.resolve("run")),
                () -> {
                    throw new AssertionError("no tap expected");
                }, () -> {
                    throw new AssertionError("no macvtap expected");
                }, timeout);
    }

    private static PciAddress at(String address) {
        return PciAddresses.parse("test", address);
    }

    private static HostResource.SriovVirtualFunction vf(int index, int count, String address, String field) {
        return new HostResource.SriovVirtualFunction(at(PF), index, count, at(address), field);
    }

    private int numvfs() throws Exception {
        return Integer.parseInt(Files.readString(sysRoot.resolve("sys/bus/pci/devices/" + PF + "/sriov_numvfs")).strip());
    }

    @Test
    void hostFactsGiveAVirtualFunctionsAddressBeforeAndAfterItExists() throws Exception {
        HostFacts facts = HostFacts.probe(kernel.host());

        assertThat(facts.virtualFunctionAddress(at(PF), 0)).contains(at("0000:02:10.0"));
        assertThat(facts.virtualFunctionAddress(at(PF), 2)).contains(at(VF2));
        assertThat(facts.virtualFunctionAddress(at(PF), 4)).as("beyond sriov_totalvfs").isEmpty();
        assertThat(facts.virtualFunctionAddress(at("0000:07:00.0"), 0)).as("no such device").isEmpty();
        kernel.device("0000:00:1f.0", "8086:5ae8", 0x060100, "lpc_ich", "1");
        assertThat(facts.virtualFunctionAddress(at("0000:00:1f.0"), 0)).as("not SR-IOV capable").isEmpty();

        // once enabled, the virtfn link is the truth, even when the reported offset says otherwise
        kernel.reportedOffset(PF, 0x90);
        assertThat(facts.virtualFunctionAddress(at(PF), 2)).contains(at("0000:02:12.4"));
        new io.jqemu.launcher.host.pci.SriovFunctions(new io.jqemu.launcher.host.pci.PciBus(kernel.host()))
                .enable("t", at(PF), 4);
        assertThat(facts.virtualFunctionAddress(at(PF), 2)).contains(at(VF2));
    }

    @Test
    void routingIdsCarryIntoTheNextBus() throws Exception {
        kernel.device("0000:05:00.1", "15b3:1017", 0x020000, "mlx5_core", "20")
                .sriov("0000:05:00.1", "mlx5_core", 8, 0xff, 1);

        HostFacts facts = HostFacts.probe(kernel.host());

        // 05:00.1 is routing id 0x0501; + 0xff = 0x0600 -> 06:00.0, then 06:00.1 ...
        assertThat(facts.virtualFunctionAddress(at("0000:05:00.1"), 0)).contains(at("0000:06:00.0"));
        assertThat(facts.virtualFunctionAddress(at("0000:05:00.1"), 7)).contains(at("0000:06:00.7"));
    }

    @Test
    void enablesFourFunctionsBindsTheThirdAndUndoRestoresDriversAndCount() throws Exception {
        PreparedHost prepared = preparation.prepare("router", List.of(vf(2, 4, VF2, "sriov_functions[0]")));

        assertThat(numvfs()).isEqualTo(4);
        assertThat(kernel.driverOf(VF2)).contains("vfio-pci");
        assertThat(kernel.driverOf("0000:02:10.0")).contains("ixgbevf");
        assertThat(kernel.driverOf(PF)).contains("ixgbe");
        assertThat(prepared.vfioDevices()).containsExactly(java.util.Map.entry("sriov_functions[0]", at(VF2)));
        assertThat(prepared.pendingChanges()).containsExactly(
                new HostChange.DirectoryCreated(vmRoot.resolve("run/router")),
                new HostChange.SriovEnabled(at(PF), 0, 4),
                new HostChange.VfioBound("sriov_functions[0]", at(VF2), Optional.of("ixgbevf")));
        assertThat(kernel.writes()).containsExactly(
                "bus/pci/devices/" + PF + "/sriov_numvfs <- 4",
                "bus/pci/devices/" + VF2 + "/driver_override <- vfio-pci",
                "bus/pci/devices/" + VF2 + "/driver/unbind <- " + VF2,
                "bus/pci/drivers_probe <- " + VF2);

        kernel.clearWrites();
        prepared.close();

        assertThat(kernel.writes()).containsExactly(
                "bus/pci/devices/" + VF2 + "/driver_override <- \\n",
                "bus/pci/devices/" + VF2 + "/driver/unbind <- " + VF2,
                "bus/pci/drivers_probe <- " + VF2,
                "bus/pci/devices/" + PF + "/sriov_numvfs <- 0");
        assertThat(numvfs()).isZero();
        assertThat(sysRoot.resolve("sys/bus/pci/devices/" + VF2)).doesNotExist();
        assertThat(kernel.driverOf(PF)).contains("ixgbe");
        assertThat(prepared.paths().journal().file()).doesNotExist();
    }

    @Test
    void twoFunctionsOfOnePhysicalFunctionShareItsEnabling() throws Exception {
        try (PreparedHost prepared = preparation.prepare("router", List.of(vf(2, 4, VF2, "sriov_functions[0]"),
                vf(3, 4, VF3, "sriov_functions[1]")))) {
            assertThat(prepared.pendingChanges()).filteredOn(HostChange.SriovEnabled.class::isInstance).hasSize(1);
            assertThat(kernel.driverOf(VF2)).contains("vfio-pci");
            assertThat(kernel.driverOf(VF3)).contains("vfio-pci");
        }
        assertThat(numvfs()).isZero();
    }

    @Test
    void functionsAlreadyEnabledWithTheSameCountAreUsedAndLeftEnabled() throws Exception {
        new io.jqemu.launcher.host.pci.SriovFunctions(new io.jqemu.launcher.host.pci.PciBus(kernel.host()))
                .enable("t", at(PF), 4);
        kernel.clearWrites();

        try (PreparedHost prepared = preparation.prepare("router", List.of(vf(2, 4, VF2, "sriov_functions[0]")))) {
            assertThat(prepared.pendingChanges()).noneMatch(HostChange.SriovEnabled.class::isInstance);
            assertThat(kernel.driverOf(VF2)).contains("vfio-pci");
        }
        assertThat(numvfs()).isEqualTo(4);
        assertThat(kernel.driverOf(VF2)).contains("ixgbevf");
        assertThat(kernel.writes()).noneMatch(w -> w.contains("sriov_numvfs"));
    }

    @Test
    void aControllerThatDiedAfterEnablingIsReconciled() throws Exception {
        PreparedHost prepared = preparation.prepare("router", List.of(vf(2, 4, VF2, "sriov_functions[0]")));
        // the controller dies with the VM; a new one finds what it left
        List<HostChange> undone = preparation(Duration.ofSeconds(10)).reconcile(prepared.paths().stateDir());

        assertThat(undone).containsExactly(new HostChange.DirectoryCreated(vmRoot.resolve("run/router")),
                new HostChange.SriovEnabled(at(PF), 0, 4),
                new HostChange.VfioBound("sriov_functions[0]", at(VF2), Optional.of("ixgbevf")));
        assertThat(numvfs()).isZero();
        assertThat(sysRoot.resolve("sys/bus/pci/devices/" + VF2)).doesNotExist();
        assertThat(prepared.paths().journal().file()).doesNotExist();
    }

    @Test
    void aControllerThatDiedBetweenRecordingAndWritingLeavesNothingToUndoWrongly() throws Exception {
        VmPaths paths = preparation.layout().forVm("router");
        paths.createStateDir();
        paths.journal().record(new HostChange.SriovEnabled(at(PF), 0, 4));

        assertThat(preparation.reconcile(paths.stateDir())).hasSize(1);
        assertThat(kernel.writes()).isEmpty();
        assertThat(numvfs()).isZero();
    }

    @Test
    void functionsThatAppearElsewhereThanRenderedAreRefusedAndEverythingUndone() throws Exception {
        // the device reports one offset before enabling and places the functions by another
        kernel.reportedOffset(PF, 0x90);
        String rendered = "0000:02:12.4";
        assertThat(preparation.check("router", List.of(vf(2, 4, rendered, "sriov_functions[0]")))).isEmpty();

        assertThatThrownBy(() -> preparation.prepare("router", List.of(vf(2, 4, rendered, "sriov_functions[0]"))))
                .isInstanceOf(HostException.class)
                .hasMessage("sriov_functions[0]: virtual function 2 of " + PF + " appeared as " + VF2
                        + ", the machine was rendered for " + rendered);

        assertThat(numvfs()).isZero();
        assertThat(kernel.writes()).containsExactly("bus/pci/devices/" + PF + "/sriov_numvfs <- 4",
                "bus/pci/devices/" + PF + "/sriov_numvfs <- 0");
        assertThat(vmRoot.resolve("state/router/" + UndoJournal.FILE_NAME)).doesNotExist();
    }

    @Test
    void functionsThatNeverAppearFailAfterTheTimeoutAndTheCountIsRestored() throws Exception {
        kernel.createNoVirtualFunctions();

        assertThatThrownBy(() -> preparation(Duration.ofMillis(100)).prepare("router",
                List.of(vf(2, 4, VF2, "sriov_functions[0]"))))
                .hasMessage("sriov_functions[0]: virtual function 2 of " + PF + " did not appear within 100 ms of"
                        + " enabling 4 (no /sys/bus/pci/devices/" + PF + "/virtfn2)");
        assertThat(numvfs()).isZero();
    }

    @Test
    void checksNameTheFieldAndChangeNothing() throws Exception {
        kernel.device("0000:04:00.0", "8086:1533", 0x020000, null, "13").sriov("0000:04:00.0", "igbvf", 2, 0x80, 1);
        HostResource.SriovVirtualFunction unbound = new HostResource.SriovVirtualFunction(at("0000:04:00.0"), 0, 2,
                at("0000:04:10.0"), "sriov_functions[3]");
        kernel.device("0000:00:1f.0", "8086:5ae8", 0x060100, "lpc_ich", "1");
        HostResource.SriovVirtualFunction incapable = new HostResource.SriovVirtualFunction(at("0000:00:1f.0"), 0, 1,
                at("0000:00:1f.1"), "sriov_functions[4]");

        List<Violation> findings = preparation.check("router", List.of(
                vf(0, 8, "0000:02:10.0", "sriov_functions[0]"),
                vf(1, 2, "0000:02:10.2", "sriov_functions[1]"),
                vf(2, 3, "0000:02:10.6", "sriov_functions[2]"),
                unbound, incapable));

        assertThat(findings).extracting(Violation::toString).containsExactly(
                "sriov_functions[0]: " + PF + " supports 4 virtual functions, asked for 8",
                "sriov_functions[2]: asks for 3 virtual functions on " + PF + ", another device of this VM for 2;"
                        + " give every function of " + PF + " the same count",
                "sriov_functions[3]: 0000:04:00.0 has no driver bound; its driver enables the virtual functions"
                        + " (load it, e.g. modprobe the network driver)",
                "sriov_functions[4]: 0000:00:1f.0 is not SR-IOV capable (it has no sriov_totalvfs)");
        assertThat(kernel.writes()).isEmpty();

        assertThat(preparation.check("router", List.of(vf(2, 4, "0000:02:10.6", "sriov_functions[0]"))))
                .extracting(Violation::toString).containsExactly("sriov_functions[0]: virtual function 2 of " + PF
                        + " is " + VF2 + " on this host, the machine was rendered for 0000:02:10.6");

        new io.jqemu.launcher.host.pci.SriovFunctions(new io.jqemu.launcher.host.pci.PciBus(kernel.host()))
                .enable("t", at(PF), 2);
        assertThat(preparation.check("router", List.of(vf(2, 4, VF2, "sriov_functions[0]"))))
                .extracting(Violation::toString).containsExactly("sriov_functions[0]: " + PF + " already has 2 virtual"
                        + " functions enabled, this VM asks for 4 (the kernel changes sriov_numvfs only through 0: ask"
                        + " for 2, or set it to 0 first)");
        assertThatThrownBy(() -> preparation.prepare("router", List.of(vf(2, 4, VF2, "sriov_functions[0]"))))
                .hasMessageStartingWith("sriov_functions[0]: " + PF + " already has 2 virtual functions enabled");
        assertThat(vmRoot.resolve("state/router")).doesNotExist();
    }

    @Test
    void aFunctionSharingAGroupWithAHostDeviceIsRefusedBeforeItIsBound() throws Exception {
        // enabled already, so its group is known at check time: it shares group 7 with a host NIC
        new io.jqemu.launcher.host.pci.SriovFunctions(new io.jqemu.launcher.host.pci.PciBus(kernel.host()))
                .enable("t", at(PF), 4);
        kernel.device("0000:00:19.0", "8086:15b8", 0x020000, "e1000e", "7");
        Path vfGroup = sysRoot.resolve("sys/bus/pci/devices/" + VF2 + "/iommu_group").toRealPath();
        Files.createSymbolicLink(vfGroup.resolve("devices/0000:00:19.0"), sysRoot.resolve("sys/bus/pci/devices/0000:00:19.0"));
        kernel.clearWrites();

        assertThatThrownBy(() -> preparation.prepare("router", List.of(vf(2, 4, VF2, "sriov_functions[0]"))))
                .hasMessageContaining("sriov_functions[0]: " + VF2 + " cannot be passed through: IOMMU group")
                .hasMessageContaining("0000:00:19.0 [8086:15b8] class 020000 driver e1000e: in use by the host");
        assertThat(kernel.writes()).isEmpty();
    }

    @Test
    void functionsAreEnabledBeforeAnyDeviceIsBoundAndReleasedAfterEveryDeviceWentBack() throws Exception {
        kernel.device("0000:03:00.0", "168c:003e", 0x028000, "ath10k_pci", "7");
        HostResource wifi = new HostResource.VfioDevice(at("0000:03:00.0"), "vfio_devices[0].host_address");

        PreparedHost prepared = preparation.prepare("router", List.of(wifi, vf(2, 4, VF2, "sriov_functions[0]")));

        assertThat(kernel.writes()).extracting(w -> w.substring(0, w.indexOf(" <- "))).containsExactly(
                "bus/pci/devices/" + PF + "/sriov_numvfs",
                "bus/pci/devices/" + VF2 + "/driver_override",
                "bus/pci/devices/" + VF2 + "/driver/unbind",
                "bus/pci/drivers_probe",
                "bus/pci/devices/0000:03:00.0/driver_override",
                "bus/pci/devices/0000:03:00.0/driver/unbind",
                "bus/pci/drivers_probe");
        assertThat(prepared.vfioDevices()).containsOnlyKeys("sriov_functions[0]", "vfio_devices[0].host_address");

        kernel.clearWrites();
        prepared.close();

        assertThat(kernel.writes()).last().isEqualTo("bus/pci/devices/" + PF + "/sriov_numvfs <- 0");
        assertThat(kernel.driverOf("0000:03:00.0")).contains("ath10k_pci");
        assertThat(numvfs()).isZero();
    }

    @Test
    void reportSaysWhatWillBeDone() throws Exception {
        HostReport report = preparation.report("router", List.of(vf(2, 4, VF2, "sriov_functions[0]")));

        assertThat(report.needs()).singleElement().satisfies(n -> {
            assertThat(n.failures()).isEmpty();
            assertThat(n.description()).isEqualTo("enables 4 virtual functions on " + PF + " (driver ixgbe;"
                    + " sriov_numvfs 0 -> 4, back to 0 when the VM stops), then binds virtual function 2 (" + VF2
                    + ") to vfio-pci");
        });
    }
}
