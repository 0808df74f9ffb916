package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.PlanStep;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.render.TapFds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A macvtap NIC whose descriptors go over QMP: left off the command line, returned as a plan instead. */
class MonitorPlanRenderingTest {
    private static RenderContext.Builder base() {
        return RenderContext.builder().autoAccelerator(Accelerator.KVM).vhostNetAvailable(true)
                .qmpSocket("/run/jqemu/s2/qmp.sock").runtimeDir("/run/jqemu/s2")
                .ovmfVars("/var/lib/jqemu/s2/OVMF_VARS.fd");
    }

    @Test
    void theMacvtapNicLeavesTheCommandLineButKeepsItsRootPort() {
        Machine s2 = ScenarioMachines.s2OpenwrtNas();
        RenderedMachine inline = MachineRenderer.render(s2, base().tapFds("net2", new TapFds("3", Optional.empty())).build());
        RenderedMachine monitor = MachineRenderer.render(s2, base().monitorTapFds(true).build());

        // the command line is the inline one minus the NIC's -netdev and -device, nothing else moves
        List<String> expected = new ArrayList<>(inline.argv());
        int netdev = indexOfValueContaining(expected, "-netdev", "\"id\":\"netdev-net2\"");
        expected.subList(netdev, netdev + 2).clear();
        int device = indexOfValueContaining(expected, "-device", "\"id\":\"net2\"");
        String inlineDevice = expected.get(device + 1);
        expected.subList(device, device + 2).clear();
        assertThat(monitor.argv()).isEqualTo(expected);
        assertThat(monitor.hotplugRootPorts()).isEqualTo(inline.hotplugRootPorts());
        assertThat(monitor.hostResources()).isEqualTo(inline.hostResources());

        assertThat(monitor.monitorPlans()).hasSize(1);
        DevicePlan plan = monitor.monitorPlans().getFirst();
        assertThat(plan.fieldPath()).isEqualTo("nics[2]");
        HostResource.MacvtapToCreate macvtap = monitor.hostResources().stream()
                .filter(HostResource.MacvtapToCreate.class::isInstance).map(HostResource.MacvtapToCreate.class::cast)
                .findFirst().orElseThrow();
        assertThat(plan.steps()).hasSize(3);
        assertThat(plan.steps().get(0)).isEqualTo(new PlanStep.PassMacvtapFds(macvtap.name(), "nics[2].backend",
                new TapFds("tap-net2", Optional.empty())));
        PlanStep.AddNetdev netdevStep = (PlanStep.AddNetdev) plan.steps().get(1);
        assertThat(netdevStep.id()).isEqualTo("netdev-net2");
        assertThat(netdevStep.commandLine().get(1))
                .isEqualTo("{\"type\":\"tap\",\"id\":\"netdev-net2\",\"fd\":\"tap-net2\",\"vhost\":false}");
        // the very device the command line would carry, root port included
        assertThat(plan.device().commandLine().get(1)).isEqualTo(inlineDevice);
        assertThat(plan.deviceId()).isEqualTo("net2");
        assertThat(plan.backendsToRemove()).containsExactly(netdevStep);
        // the root port stays on the command line, empty
        String bus = plan.rootPort().orElseThrow();
        assertThat(monitor.argv()).anyMatch(a -> a.contains("\"id\":\"" + bus + "\"") && a.contains("pcie-root-port"));
        assertThat(monitor.argv()).noneMatch(a -> a.contains("\"bus\":\"" + bus + "\""));
    }

    @Test
    void vhostAddsASecondDescriptorName() {
        Machine m = Machine.builder().name("m")
                .nic(Nic.virtio(NicBackend.macvtap("eth0", MacvtapMode.PASSTHRU, VhostMode.ON))).build();
        DevicePlan nic = MachineRenderer.render(m, RenderContext.builder().monitorTapFds(true).build())
                .monitorPlans().getFirst();
        PlanStep.PassMacvtapFds fds = (PlanStep.PassMacvtapFds) nic.steps().get(0);
        assertThat(fds.vhost()).isTrue();
        assertThat(fds.names()).isEqualTo(new TapFds("tap-net0", Optional.of("vhost-net0")));
        assertThat(nic.steps().get(1).commandLine().get(1))
                .contains("\"fd\":\"tap-net0\"", "\"vhost\":true", "\"vhostfd\":\"vhost-net0\"");
    }

    @Test
    void inheritedDescriptorsStillWinAndOtherNicsStayOnTheCommandLine() {
        Machine s2 = ScenarioMachines.s2OpenwrtNas();
        RenderedMachine r = MachineRenderer.render(s2,
                base().monitorTapFds(true).tapFds("net2", new TapFds("3", Optional.empty())).build());
        assertThat(r.monitorPlans()).isEmpty();
        assertThat(r.argv()).anyMatch(a -> a.contains("\"fd\":\"3\""));
        RenderedMachine monitor = MachineRenderer.render(s2, base().monitorTapFds(true).build());
        assertThat(monitor.argv()).anyMatch(a -> a.contains("\"id\":\"net0\"")).anyMatch(a -> a.contains("\"id\":\"net1\""));
    }

    @Test
    void aHotPluggedMacvtapNamesItsDescriptorsForGetfd() {
        Machine running = Machine.builder().name("m").build().withResolvedIds();
        DevicePlan plan = HotplugRenderer.plan(running,
                Nic.virtio(NicBackend.macvtap("eth0", MacvtapMode.BRIDGE, VhostMode.OFF)), Optional.of("rp1"),
                RenderContext.builder().monitorTapFds(true).build());
        assertThat(plan.steps().get(0)).isInstanceOf(PlanStep.PassMacvtapFds.class);
        assertThat(plan.steps().get(1).commandLine().get(1)).contains("\"fd\":\"tap-net0\"");
        assertThat(plan.hostResources()).singleElement().isInstanceOf(HostResource.MacvtapToCreate.class);
    }

    @Test
    void overTheMonitorNeedsAPausedStart() {
        assertThatThrownBy(() -> RenderContext.builder().startPaused(false).monitorTapFds(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startPaused");
    }

    private static int indexOfValueContaining(List<String> argv, String option, String text) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(option) && argv.get(i + 1).contains(text)) {
                return i;
            }
        }
        throw new AssertionError(option + " with " + text + " not in " + argv);
    }
}
