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

    @Test
    void vfioOnASparePortNeverOnTheRootBus() {
        Machine running = ScenarioMachines.minimal().withResolvedIds();
        HotplugPlan onPort = HotplugRenderer.vfio(running, VfioPci.of("0000:03:10.0"), Optional.of("rp3"));
        assertThat(HotplugRenderer.toJson(onPort.deviceAdd()))
                .isEqualTo("{\"driver\":\"vfio-pci\",\"id\":\"hostdev0\",\"host\":\"0000:03:10.0\",\"bus\":\"rp3\"}");
        assertThat(onPort.hostResources()).containsExactly(
                new HostResource.VfioDevice(new io.jqemu.core.model.PciAddress(0, 3, 0x10, 0), "vfioDevices[0].hostAddress"));

        HotplugPlan flags = HotplugRenderer.vfio(running, VfioPci.of("01:00.0").withRombar(false).withXVga(true), "rp2");
        assertThat(HotplugRenderer.toJson(flags.deviceAdd())).isEqualTo("{\"driver\":\"vfio-pci\",\"id\":\"hostdev0\","
                + "\"host\":\"0000:01:00.0\",\"bus\":\"rp2\",\"rombar\":0,\"x-vga\":true}");
        assertThatThrownBy(() -> HotplugRenderer.vfio(running, VfioPci.of("01:00.0").atGuestAddress("00:10.0", true), "rp2"))
                .isInstanceOf(JqemuException.class).hasMessageContaining("cannot hot-plug");
        assertThatThrownBy(() -> HotplugRenderer.vfio(running, VfioPci.of("0000:03:10.0"), Optional.empty()))
                .isInstanceOf(JqemuException.class).hasMessageContaining("spare root port");
    }

    @Test
    void ideDisksAreNotHotPluggable() {
        assertThatThrownBy(() -> HotplugRenderer.disk(ScenarioMachines.minimal(), Disk.imageFile("/c.img").ideHd(1).build(),
                Optional.empty())).isInstanceOf(JqemuException.class).hasMessageContaining("ide-hd");
    }

    @Test
    void idsStayStableAfterADeviceIsRemoved() {
        Machine running = Machine.builder().name("ids").virtioScsi()
                .disk(Disk.imageFile("/a.img").scsiHd(0, 0, 0))
                .disk(Disk.imageFile("/b.img").scsiHd(0, 0, 1))
                .build().withResolvedIds();
        Machine withoutFirst = running.toBuilder().clearDisks().disk(running.disks().get(1)).build();
        assertThat(withoutFirst.diskId(0)).isEqualTo("disk1");
        HotplugPlan plan = HotplugRenderer.disk(withoutFirst, Disk.imageFile("/c.img").scsiHd(0, 0, 2).build(), Optional.empty());
        assertThat(plan.deviceId()).isEqualTo("disk0");
        assertThat(plan.blockdevAdds()).extracting(b -> b.path("node-name").asText()).containsExactly("file-disk0", "fmt-disk0");
    }

    @Test
    void aDuplicateBootIndexIsRejectedWithThePathOfTheNewDevice() {
        Machine running = ScenarioMachines.minimal().withResolvedIds();
        assertThatThrownBy(() -> HotplugRenderer.disk(running, Disk.imageFile("/c.img").bootIndex(1).build(), Optional.of("rp2")))
                .isInstanceOf(InvalidMachineException.class).hasMessageContaining("disks[1].bootIndex");
    }
}
