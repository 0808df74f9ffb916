package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.UsbController;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.PlanStep;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import io.jqemu.testsupport.TestQmp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hot-plugs disks, a NIC and a usb-host device into one running (paused) QEMU through the plans
 * {@link HotplugRenderer} makes, checks them through QMP, checks they equal the cold-plug rendering of
 * the same device, and unplugs a SCSI disk using the plan's ids.
 */
@Timeout(60)
@RequiresQemu
class HotplugOnRealQemuTest {
    private static Path dir;
    private static Machine running;
    private static RenderContext ctx;
    private static RenderedMachine rendered;
    private static PausedQemu qemu;

    @BeforeAll
    static void start() throws Exception {
        dir = TestDirs.create("hotplug");
        HostFreeMachines.createImage(dir.resolve("root.img"), DiskFormat.RAW);
        running = Machine.builder().name("hotplug").accelerator(Accelerator.TCG).memoryMib(128).spareRootPorts(3)
                .virtioScsi().usb(UsbController.xhci())
                .disk(Disk.imageFile(dir.resolve("root.img").toString()).scsiHd(0, 0, 0).bootIndex(1))
                .build().withResolvedIds();
        ctx = TestDirs.context(dir);
        rendered = MachineRenderer.render(running, ctx);
        qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void sparePortsAreListedAndEmpty() throws IOException {
        assertThat(rendered.hotplugRootPorts()).containsExactly("rp2", "rp3", "rp4");
        for (String port : rendered.hotplugRootPorts()) {
            assertThat(qemu.qmp().qomGet("/machine/peripheral/" + port, "type").asText()).isEqualTo("pcie-root-port");
        }
    }

    @Test
    void virtioBlkDiskOnASparePort() throws Exception {
        Path image = dir.resolve("data.qcow2");
        HostFreeMachines.createImage(image, DiskFormat.QCOW2);
        Disk disk = Disk.imageFile(image.toString()).format(DiskFormat.QCOW2).cache(CacheMode.NONE)
                .discard(DiscardMode.UNMAP).virtioBlk().id("hotdata").build();
        DevicePlan plan = HotplugRenderer.plan(running, disk, Optional.of("rp2"), ctx);

        assertThat(plan.hostResources()).containsExactly(
                new HostResource.ImageFile(image.toString(), HostResource.Access.READ_WRITE, "disks[1].path"));
        apply(plan);
        assertThat(qemu.qmp().qomGet("/machine/peripheral/hotdata", "type").asText()).isEqualTo("virtio-blk-pci");
        assertThat(qemu.qmp().qomGet("/machine/peripheral/hotdata", "parent_bus").asText()).endsWith("/rp2");
        assertThat(qemu.qmp().qomGet("/machine/peripheral/hotdata", "drive").asText()).isEqualTo("fmt-hotdata");
        assertThat(blockNode("file-hotdata").path("cache").path("direct").asBoolean()).isTrue();
        assertThat(blockNode("fmt-hotdata").path("drv").asText()).isEqualTo("qcow2");
        assertSameAsColdPlug(plan, running.toBuilder().disk(disk).build());
    }

    @Test
    void scsiDiskPlugsIntoTheControllerAndUnplugsByThePlansIds() throws Exception {
        Path image = dir.resolve("scsi.img");
        HostFreeMachines.createImage(image, DiskFormat.RAW);
        Disk disk = Disk.imageFile(image.toString()).scsiHd(0, 0, 3).build();
        DevicePlan plan = HotplugRenderer.plan(running, disk, Optional.empty(), ctx);
        assertThat(plan.deviceId()).as("first free disk id").isEqualTo("disk1");
        assertThat(nodeNamesToDelete(plan)).containsExactly("fmt-disk1", "file-disk1");

        apply(plan);
        assertThat(qemu.qmp().qomGet("/machine/peripheral/disk1", "lun").asInt()).isEqualTo(3);
        assertThat(blockNode("file-disk1").path("file").asText()).isEqualTo(image.toString());
        assertSameAsColdPlug(plan, running.toBuilder().disk(disk.withId("disk1")).build());

        qemu.qmp().execute("device_del", object().put("id", plan.deviceId()));
        waitUntilGone("/machine/peripheral/disk1");
        for (String node : nodeNamesToDelete(plan)) {
            deleteNode(node);
        }
        assertThat(blockNodeNames()).doesNotContain("fmt-disk1", "file-disk1").contains("fmt-disk0");
    }

    @Test
    void usbStorageOnTheXhciBus() throws Exception {
        Path image = dir.resolve("stick.img");
        HostFreeMachines.createImage(image, DiskFormat.RAW);
        Disk stick = Disk.imageFile(image.toString()).usbStorage("4", true).id("stick").build();
        DevicePlan plan = HotplugRenderer.plan(running, stick, Optional.empty(), ctx);
        apply(plan);
        assertThat(qemu.qmp().qomGet("/machine/peripheral/stick", "port").asText()).isEqualTo("4");
        assertThat(qemu.qmp().qomGet("/machine/peripheral/stick", "removable").asBoolean()).isTrue();
        assertSameAsColdPlug(plan, running.toBuilder().disk(stick).build());
    }

    @Test
    void nicWithNetdevOnASparePort() throws Exception {
        Nic nic = Nic.virtio(NicBackend.user());
        DevicePlan plan = HotplugRenderer.plan(running, nic, Optional.of("rp3"), ctx);
        assertThat(plan.deviceId()).isEqualTo("net0");
        assertThat(plan.backendsToRemove()).containsExactly(plan.steps().get(0));

        apply(plan);
        assertThat(qemu.qmp().qomGet("/machine/peripheral/net0", "netdev").asText()).isEqualTo("netdev-net0");
        assertThat(qemu.qmp().qomGet("/machine/peripheral/net0", "mac").asText())
                .isEqualTo(plan.device().options().path("mac").asText());
        assertSameAsColdPlug(plan, running.toBuilder().nic(nic).build());
    }

    @Test
    void usbHostDeviceOnTheXhciBus() throws Exception {
        DevicePlan plan = HotplugRenderer.plan(running, UsbHost.byIds(0x1d6b, 0x0104), Optional.empty(), ctx);
        apply(plan);
        assertThat(qemu.qmp().qomGet("/machine/peripheral/usbhost0", "vendorid").asInt()).isEqualTo(0x1d6b);
        assertThat(qemu.qmp().qomGet("/machine/peripheral/usbhost0", "parent_bus").asText()).endsWith("/usb.0");
    }

    @Test
    void conflictingDevicesAreRejectedBeforeAnythingIsSent() {
        Disk sameLun = Disk.imageFile("/img/x.raw").scsiHd(0, 0, 0).build();
        assertThatThrownBy(() -> HotplugRenderer.plan(running, sameLun, Optional.empty(), ctx))
                .isInstanceOf(InvalidMachineException.class).hasMessageContaining("disks[1].attachment")
                .hasMessageContaining("scsi controller 0 target 0 lun 0");
        Disk virtio = Disk.imageFile("/img/x.raw").virtioBlk().build();
        assertThatThrownBy(() -> HotplugRenderer.plan(running, virtio, Optional.empty(), ctx))
                .hasMessageContaining("needs a spare root port");
    }

    /** Sends the plan's steps as raw QMP (the launcher maps them to typed commands). */
    private static void apply(DevicePlan plan) throws IOException {
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.AddBlockNode b -> qemu.qmp().execute("blockdev-add", b.options());
                case PlanStep.AddNetdev n -> qemu.qmp().execute("netdev_add", n.options());
                case PlanStep.AddObject o -> qemu.qmp().execute("object-add", o.options());
                case PlanStep.AddDevice d -> qemu.qmp().execute("device_add", d.options());
                case PlanStep.PassMacvtapFds f -> throw new AssertionError("no descriptors here");
                case PlanStep.CommandLineOption c -> throw new AssertionError("not over QMP: " + c);
            }
        }
    }

    private static List<String> nodeNamesToDelete(DevicePlan plan) {
        return plan.backendsToRemove().stream().map(b -> ((PlanStep.AddBlockNode) b).nodeName()).toList();
    }

    /** The plan's JSON equals the command line's for the same device in a machine that has it cold-plugged. */
    private static void assertSameAsColdPlug(DevicePlan plan, Machine withDevice) throws IOException {
        List<String> argv = MachineRenderer.render(withDevice, ctx).argv();
        List<String> cold = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            String v = argv.get(i + 1);
            if (v.contains("\"" + plan.deviceId() + "\"") || v.contains("-" + plan.deviceId() + "\"")) {
                cold.add(argv.get(i) + " " + withoutBus(v));
            }
        }
        List<String> hot = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            List<String> option = step.commandLine();
            hot.add(option.get(0) + " " + (step instanceof PlanStep.AddDevice ? withoutBus(option.get(1)) : option.get(1)));
        }
        assertThat(hot).isEqualTo(cold);
    }

    private static String withoutBus(String json) throws IOException {
        ObjectNode node = (ObjectNode) TestQmp.JSON.readTree(json);
        if (node.path("bus").asText().startsWith("rp")) {
            node.remove("bus");
        }
        return TestQmp.JSON.writeValueAsString(node);
    }

    private static JsonNode blockNode(String name) throws IOException {
        for (JsonNode n : qemu.qmp().execute("query-named-block-nodes")) {
            if (n.path("node-name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no block node " + name);
    }

    private static List<String> blockNodeNames() throws IOException {
        List<String> names = new ArrayList<>();
        qemu.qmp().execute("query-named-block-nodes").forEach(n -> names.add(n.path("node-name").asText()));
        return names;
    }

    private static void waitUntilGone(String path) throws Exception {
        for (int i = 0; i < 500; i++) {
            JsonNode reply = qemu.qmp().raw("qom-list", object().put("path", path));
            if (reply.has("error")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(path + " still exists 5 s after device_del");
    }

    /** QEMU drops the device's last reference in an RCU callback: "in use" can last a moment after device_del. */
    private static void deleteNode(String node) throws Exception {
        JsonNode reply = null;
        for (int i = 0; i < 500; i++) {
            reply = qemu.qmp().raw("blockdev-del", object().put("node-name", node));
            if (!reply.has("error")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("blockdev-del " + node + " kept failing: " + reply);
    }

    private static ObjectNode object() {
        return TestQmp.JSON.createObjectNode();
    }
}
