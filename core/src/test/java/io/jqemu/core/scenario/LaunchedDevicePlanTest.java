package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.PlanStep;
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
        DevicePlan plan = HotplugRenderer.launched(S3, "disk1", GoldenCommandLineTest.goldenContext("s3"));
        List<String> argv = MachineRenderer.render(S3, GoldenCommandLineTest.goldenContext("s3")).argv();
        assertThat(argv).containsSubsequence(plan.commandLine());
        assertThat(plan.device().driver()).isEqualTo("virtio-blk-pci");
        assertThat(plan.rootPort()).hasValueSatisfying(port -> assertThat(port).startsWith("rp"));
        assertThat(plan.backendsToRemove()).extracting(b -> ((PlanStep.AddBlockNode) b).nodeName())
                .containsExactly("fmt-disk1", "file-disk1");
    }

    @Test
    void aNicNamesItsNetdev() {
        DevicePlan plan = HotplugRenderer.launched(S3, "net0", GoldenCommandLineTest.goldenContext("s3"));
        assertThat(plan.backendsToRemove()).extracting(b -> ((PlanStep.AddNetdev) b).id()).containsExactly("netdev-net0");
        assertThat(MachineRenderer.render(S3, GoldenCommandLineTest.goldenContext("s3")).argv())
                .containsSubsequence(plan.commandLine());
    }

    @Test
    void usbHostAndVfioOnARootPortHaveNoBackEnds() {
        DevicePlan usb = HotplugRenderer.launched(S4, "usbhost1", GoldenCommandLineTest.goldenContext("s4"));
        assertThat(usb.device().driver()).isEqualTo("usb-host");
        assertThat(usb.backendsToRemove()).isEmpty();
        assertThat(usb.rootPort()).isEmpty();
        DevicePlan vfio = HotplugRenderer.launched(S4, "hostdev2", GoldenCommandLineTest.goldenContext("s4"));
        assertThat(vfio.rootPort()).hasValueSatisfying(port -> assertThat(port).startsWith("rp"));
    }

    @Test
    void whatQemuCannotUnplugIsRefusedWithTheField() {
        assertThatThrownBy(() -> HotplugRenderer.launched(S3, "disk0", GoldenCommandLineTest.goldenContext("s3")))
                .isInstanceOf(JqemuException.class).hasMessageStartingWith("disks[0] (disk0): an ide-hd disk cannot be hot-plugged or unplugged");
        assertThatThrownBy(() -> HotplugRenderer.launched(S4, "hostdev0", GoldenCommandLineTest.goldenContext("s4")))
                .isInstanceOf(JqemuException.class).hasMessageContaining("vfioDevices[0] (hostdev0): vfio-pci").hasMessageContaining("cannot hot-plug into or unplug from");
        assertThatThrownBy(() -> HotplugRenderer.launched(S3, "disk9", GoldenCommandLineTest.goldenContext("s3")))
                .isInstanceOf(JqemuException.class)
                .hasMessageStartingWith("machine storage-lab has no device 'disk9' (ids: ")
                .hasMessageContaining("disk0, disk1, disk2, disk3, disk4, net0, hostdev0");
    }
}
