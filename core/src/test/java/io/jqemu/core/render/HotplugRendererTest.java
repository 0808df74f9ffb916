package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.VfioPci;
import io.jqemu.core.scenario.ScenarioMachines;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hot-plug plans for what this host cannot plug for real (vfio), and id allocation. */
class HotplugRendererTest {
    private static final RenderContext CTX = RenderContext.builder().build();

    @Test
    void vfioOnASparePortNeverOnTheRootBus() {
        Machine running = ScenarioMachines.minimal().withResolvedIds();
        DevicePlan onPort = HotplugRenderer.plan(running, VfioPci.of("0000:03:10.0"), Optional.of("rp3"), CTX);
        assertThat(onPort.device().commandLine().get(1))
                .isEqualTo("{\"driver\":\"vfio-pci\",\"id\":\"hostdev0\",\"host\":\"0000:03:10.0\",\"bus\":\"rp3\"}");
        assertThat(onPort.hostResources()).containsExactly(
                new HostResource.VfioDevice(new io.jqemu.core.model.PciAddress(0, 3, 0x10, 0), "vfioDevices[0].hostAddress"));

        DevicePlan flags = HotplugRenderer.plan(running, VfioPci.of("01:00.0").withRombar(false).withXVga(true),
                Optional.of("rp2"), CTX);
        assertThat(flags.device().commandLine().get(1)).isEqualTo("{\"driver\":\"vfio-pci\",\"id\":\"hostdev0\","
                + "\"host\":\"0000:01:00.0\",\"bus\":\"rp2\",\"rombar\":0,\"x-vga\":true}");
        assertThatThrownBy(() -> HotplugRenderer.plan(running, VfioPci.of("01:00.0").atGuestAddress("00:10.0", true),
                Optional.of("rp2"), CTX))
                .isInstanceOf(JqemuException.class).hasMessageContaining("cannot hot-plug");
        assertThatThrownBy(() -> HotplugRenderer.plan(running, VfioPci.of("0000:03:10.0"), Optional.empty(), CTX))
                .isInstanceOf(JqemuException.class).hasMessageContaining("spare root port");
    }

    @Test
    void ideDisksAreNotHotPluggable() {
        assertThatThrownBy(() -> HotplugRenderer.plan(ScenarioMachines.minimal(), Disk.imageFile("/c.img").ideHd(1).build(),
                Optional.empty(), CTX)).isInstanceOf(JqemuException.class).hasMessageContaining("ide-hd");
    }

    @Test
    void idsStayStableAfterADeviceIsRemoved() {
        Machine running = Machine.builder().name("ids").virtioScsi()
                .disk(Disk.imageFile("/a.img").scsiHd(0, 0, 0))
                .disk(Disk.imageFile("/b.img").scsiHd(0, 0, 1))
                .build().withResolvedIds();
        Machine withoutFirst = running.toBuilder().clearDisks().disk(running.disks().get(1)).build();
        assertThat(withoutFirst.diskId(0)).isEqualTo("disk1");
        DevicePlan plan = HotplugRenderer.plan(withoutFirst, Disk.imageFile("/c.img").scsiHd(0, 0, 2).build(),
                Optional.empty(), CTX);
        assertThat(plan.deviceId()).isEqualTo("disk0");
        assertThat(plan.steps()).filteredOn(PlanStep.AddBlockNode.class::isInstance)
                .extracting(b -> ((PlanStep.AddBlockNode) b).nodeName()).containsExactly("file-disk0", "fmt-disk0");
        assertThat(plan.backendsToRemove()).extracting(b -> ((PlanStep.AddBlockNode) b).nodeName())
                .containsExactly("fmt-disk0", "file-disk0");
    }

    @Test
    void aDuplicateBootIndexIsRejectedWithThePathOfTheNewDevice() {
        Machine running = ScenarioMachines.minimal().withResolvedIds();
        assertThatThrownBy(() -> HotplugRenderer.plan(running, Disk.imageFile("/c.img").bootIndex(1).build(),
                Optional.of("rp2"), CTX))
                .isInstanceOf(InvalidMachineException.class).hasMessageContaining("disks[1].bootIndex");
    }
}
