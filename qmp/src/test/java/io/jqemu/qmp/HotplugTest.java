package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.command.BlockNode;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.DeviceAdd;
import io.jqemu.qmp.command.DeviceDel;
import io.jqemu.qmp.command.QomProperty;
import io.jqemu.qmp.command.QomList;
import io.jqemu.qmp.command.QueryBlock;
import io.jqemu.qmp.command.QueryNamedBlockNodes;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hot-plug and unplug of a scsi-hd on a paused QEMU with no guest: virtio-scsi completes the unplug
 * without guest cooperation, so {@code DEVICE_DELETED} arrives and is matched to the device id.
 */
@RequiresQemu
class HotplugTest {
    private static PausedQemu qemu;
    private static QmpClient client;

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start("-device", "virtio-scsi-pci,id=scsi0,bus=pcie.0");
        client = TestClients.first(qemu).connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        qemu.close();
    }

    @Test
    void blockdevAddDeviceAddDeviceDelAwaitsDeviceDeleted() {
        client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                .put("driver", "null-co").put("node-name", "disk1").put("size", 1 << 20)));
        assertThat(client.send(new QueryNamedBlockNodes())).extracting(BlockNode::nodeName).contains("disk1");

        client.send(new DeviceAdd("scsi-hd", "hd1", JsonNodeFactory.instance.objectNode()
                .put("drive", "disk1").put("bus", "scsi0.0")));
        assertThat(client.send(new QomList("/machine/peripheral"))).extracting(QomProperty::name).contains("hd1");
        assertThat(client.send(new QueryBlock())).anySatisfy(b -> {
            assertThat(b.qdev()).hasValueSatisfying(q -> assertThat(q).contains("hd1"));
            assertThat(b.inserted()).hasValueSatisfying(n -> assertThat(n.nodeName()).isEqualTo("disk1"));
        });

        QmpReplyAndEvent<Void> deleted = client.sendAndAwait(new DeviceDel("hd1"), QmpEvents.deviceDeleted("hd1"),
                Duration.ofSeconds(10));
        assertThat(deleted.event().text("device")).contains("hd1");
        assertThat(deleted.event().text("path")).contains("/machine/peripheral/hd1");
        assertThat(client.send(new QomList("/machine/peripheral"))).extracting(QomProperty::name).doesNotContain("hd1");

        client.send(new BlockdevDel("disk1"));
        assertThat(client.send(new QueryNamedBlockNodes())).extracting(BlockNode::nodeName).doesNotContain("disk1");
    }

    @Test
    void deviceDelOfUnknownDeviceFailsAndReleasesTheWaiter() {
        assertThatThrownBy(() -> client.sendAndAwait(new DeviceDel("ghost"), QmpEvents.deviceDeleted("ghost"),
                Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(QmpErrorException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("DeviceNotFound");
                    assertThat(e.command()).isEqualTo("device_del");
                });
    }

    @Test
    void deviceDeletedMatcherIgnoresEventsWithoutTheDeviceField() {
        QmpEvent backendOnly = new QmpEvent("DEVICE_DELETED", JsonNodeFactory.instance.objectNode()
                .put("path", "/machine/peripheral/net1/virtio-backend"), java.time.Instant.now());
        QmpEvent device = new QmpEvent("DEVICE_DELETED", JsonNodeFactory.instance.objectNode()
                .put("device", "net1").put("path", "/machine/peripheral/net1"), java.time.Instant.now());
        assertThat(QmpEvents.deviceDeleted("net1")).rejects(backendOnly).accepts(device);
        assertThat(QmpEvents.deviceDeleted("net2")).rejects(device);
    }
}
