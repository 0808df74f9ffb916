package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.HotplugPlan;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.MachineRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unplug plans for devices a machine was launched with: the command line's own objects. */
class LaunchedDevicePlanTest {
    private static final Machine S3 = ScenarioMachines.s3StorageModes();
    private static final Machine S4 = ScenarioMachines.s4Passthrough();

    @Test
    void aDiskKeepsItsCommandLineDeviceAndNamesBothNodes() {
        HotplugPlan plan = HotplugRenderer.launched(S3, "disk1", GoldenCommandLineTest.goldenContext("s3"));
        List<String> argv = MachineRenderer.render(S3, GoldenCommandLineTest.goldenContext("s3")).argv();
        assertThat(argv).contains(HotplugRenderer.toJson(plan.deviceAdd()));
        assertThat(plan.deviceAdd().get("driver").asText()).isEqualTo("virtio-blk-pci");
        assertThat(plan.deviceAdd().get("bus").asText()).startsWith("rp");
        assertThat(plan.nodeNamesToDelete()).containsExactly("fmt-disk1", "file-disk1");
        assertThat(plan.netdevIdToDelete()).isEmpty();
    }

    @Test
    void aNicNamesItsNetdev() {
        HotplugPlan plan = HotplugRenderer.launched(S3, "net0", GoldenCommandLineTest.goldenContext("s3"));
        assertThat(plan.netdevIdToDelete()).contains("netdev-net0");
        assertThat(plan.nodeNamesToDelete()).isEmpty();
        assertThat(MachineRenderer.render(S3, GoldenCommandLineTest.goldenContext("s3")).argv())
                .contains(HotplugRenderer.toJson(plan.netdevAdd().orElseThrow()), HotplugRenderer.toJson(plan.deviceAdd()));
    }

    @Test
    void usbHostAndVfioOnARootPortHaveNoBackEnds() {
        HotplugPlan usb = HotplugRenderer.launched(S4, "usbhost1", GoldenCommandLineTest.goldenContext("s4"));
        assertThat(usb.deviceAdd().get("driver").asText()).isEqualTo("usb-host");
        assertThat(usb.nodeNamesToDelete()).isEmpty();
        assertThat(usb.netdevIdToDelete()).isEmpty();
        HotplugPlan vfio = HotplugRenderer.launched(S4, "hostdev2", GoldenCommandLineTest.goldenContext("s4"));
        assertThat(vfio.deviceAdd().get("bus").asText()).startsWith("rp");
    }

    @Test
    void whatQemuCannotUnplugIsRefusedWithTheField() {
        assertThatThrownBy(() -> HotplugRenderer.launched(S3, "disk0", GoldenCommandLineTest.goldenContext("s3")))
                .isInstanceOf(JqemuException.class).hasMessageStartingWith("disks[0] (disk0) is an ide-hd disk");
        assertThatThrownBy(() -> HotplugRenderer.launched(S4, "hostdev0", GoldenCommandLineTest.goldenContext("s4")))
                .isInstanceOf(JqemuException.class).hasMessageStartingWith("vfioDevices[0] (hostdev0) sits at a fixed address");
        assertThatThrownBy(() -> HotplugRenderer.launched(S3, "disk9", GoldenCommandLineTest.goldenContext("s3")))
                .isInstanceOf(JqemuException.class)
                .hasMessage("machine storage-lab has no disk, NIC, vfio-pci or usb-host device 'disk9' "
                        + "(ids: disk0, disk1, disk2, disk3, disk4, net0, hostdev0)");
    }
}
