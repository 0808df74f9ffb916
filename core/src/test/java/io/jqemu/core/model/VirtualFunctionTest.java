package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.PlanStep;
import io.jqemu.core.render.RenderContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SR-IOV virtual functions: validated with their field paths, placed by the host's facts, hot-pluggable. */
class VirtualFunctionTest {
    private static final RenderContext HOST = RenderContext.builder()
            .virtualFunctions((pf, i) -> Optional.of(new PciAddress(pf.domain(), pf.bus(), 0x10, i))).build();

    @Test
    void anIndexBeyondTheCountAndTheSameFunctionTwiceAreViolationsNamingTheField() {
        assertThatThrownBy(() -> Machine.builder().name("r").device(VirtualFunction.of("03:00.0", 4, 4)).build())
                .isInstanceOf(InvalidMachineException.class)
                .hasMessageContaining("virtualFunctions[0].vfIndex: 4 is not among the 4 virtual functions (0 to 3)");
        assertThatThrownBy(() -> Machine.builder().name("r").device(VirtualFunction.of("03:00.0", 1, 0)).build())
                .hasMessageContaining("virtualFunctions[0].vfCount: 0 is out of range (1 to 256)");
        assertThatThrownBy(() -> Machine.builder().name("r").device(VirtualFunction.of("0000:03:00.0", 1, 4))
                .device(VirtualFunction.of("03:00.0", 1, 4)).build())
                .hasMessageContaining("virtualFunctions[1]: virtual function 1 of 0000:03:00.0 is already used by "
                        + "virtualFunctions[0]");
        assertThatThrownBy(() -> Machine.builder().name("r").device(VirtualFunction.of("03:00", 1, 4)).build())
                .hasMessageContaining("virtualFunctions[0].physicalFunction: '03:00' is not a PCI address");
    }

    @Test
    void withoutTheHostsFactsTheFunctionCannotBePlaced() {
        Machine m = Machine.builder().name("r").device(VirtualFunction.of("03:00.0", 1, 4)).build();
        assertThatThrownBy(() -> MachineRenderer.render(m, RenderContext.builder().build()))
                .isInstanceOf(JqemuException.class)
                .hasMessageStartingWith("virtualFunctions[0].physicalFunction: this host cannot tell where virtual "
                        + "function 1 of 0000:03:00.0 is");
    }

    @Test
    void aFunctionHotPlugsOntoASpareRootPortAndNeedsItsPhysicalFunctionPrepared() {
        Machine running = Machine.builder().name("r").build().withResolvedIds();
        DevicePlan plan = HotplugRenderer.plan(running, VirtualFunction.of("03:00.0", 3, 4), Optional.of("rp2"), HOST);

        assertThat(plan.deviceId()).isEqualTo("vf0");
        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(PlanStep.AddDevice.class, d ->
                assertThat(d.commandLine().get(1))
                        .isEqualTo("{\"driver\":\"vfio-pci\",\"id\":\"vf0\",\"host\":\"0000:03:10.3\",\"bus\":\"rp2\"}"));
        assertThat(plan.hostResources()).containsExactly(new HostResource.SriovVirtualFunction(
                new PciAddress(0, 3, 0, 0), 3, 4, new PciAddress(0, 3, 0x10, 3), "virtualFunctions[0]"));
    }
}
