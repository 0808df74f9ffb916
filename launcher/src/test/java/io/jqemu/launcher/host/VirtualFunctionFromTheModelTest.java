package io.jqemu.launcher.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.VirtualFunction;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.LaunchPlan;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.host.pci.PciAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SR-IOV virtual function written in the model reaches the host: the launcher renders it at the
 * address the physical function's capability gives, lists it as a host need, describes it for
 * {@code jqemu check}, and the preparation enables the functions and binds that one (and undoes both).
 * On a fake sysfs: this host has no SR-IOV device.
 */
class VirtualFunctionFromTheModelTest {
    private static final String PF = "0000:02:00.0";
    // offset 0x80, stride 2: VF 2 is at 02:10.4
    private static final String VF2 = "0000:02:10.4";

    @TempDir
    Path sysRoot;
    @TempDir
    Path vmRoot;
    FakePciKernel kernel;
    Launcher launcher;

    @BeforeEach
    void host() throws Exception {
        kernel = new FakePciKernel(sysRoot);
        kernel.device(PF, "8086:1572", 0x020000, "i40e", "12").sriov(PF, "iavf", 4, 0x80, 2);
        launcher = Launcher.builder().hostRoot(kernel.host()).stateRoot(vmRoot.resolve("state"))
                .runtimeRoot(vmRoot.resolve("run")).build();
    }

    private static PciAddress at(String address) {
        return PciAddresses.parse("test", address);
    }

    private static Machine router() {
        return Machine.builder().name("router").accelerator(Accelerator.TCG)
                .device(VirtualFunction.of("02:00.0", 2, 4)).build();
    }

    @Test
    void theLauncherRendersTheFunctionWhereTheCapabilityPutsItAndNeedsItFromTheHost() {
        LaunchPlan plan = launcher.render(router());

        assertThat(plan.argv()).contains("{\"driver\":\"vfio-pci\",\"id\":\"vf0\",\"host\":\"" + VF2 + "\",\"bus\":\"rp0\"}");
        assertThat(plan.hostResources()).contains(
                new HostResource.SriovVirtualFunction(at(PF), 2, 4, at(VF2), "virtualFunctions[0]"));
        HostReport report = launcher.hostReport(router());
        HostReport.Need need = report.needs().stream()
                .filter(n -> n.need() instanceof HostResource.SriovVirtualFunction).findFirst().orElseThrow();
        assertThat(need.description()).contains(PF).contains("4").contains(VF2);
        assertThat(need.failures()).isEmpty();
    }

    @Test
    void preparingTheHostEnablesTheFunctionsBindsThisOneAndPutsBothBack() throws Exception {
        LaunchPlan plan = launcher.render(router());
        HostPreparation preparation = new HostPreparation(kernel.host(),
                new HostLayout(vmRoot.resolve("state"), vmRoot.resolve("run")), () -> {
                    throw new AssertionError("no tap expected");
                }, () -> {
                    throw new AssertionError("no macvtap expected");
                }, Duration.ofSeconds(10));

        try (PreparedHost prepared = preparation.prepare("router", plan.hostResources())) {
            assertThat(numvfs()).isEqualTo(4);
            assertThat(kernel.driverOf(VF2)).contains("vfio-pci");
            assertThat(prepared.vfioDevices()).containsExactly(java.util.Map.entry("virtualFunctions[0]", at(VF2)));
        }
        assertThat(numvfs()).isZero();
        assertThat(kernel.driverOf(PF)).contains("i40e");
    }

    private int numvfs() throws Exception {
        return Integer.parseInt(Files.readString(sysRoot.resolve("sys/bus/pci/devices/" + PF + "/sriov_numvfs")).strip());
    }
}
