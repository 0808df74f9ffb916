package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.DeviceAdd;
import io.jqemu.qmp.command.QueryQmpSchema;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.qmp.schema.QmpSchema;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schema check, with the schema and device properties of a real QEMU. */
@RequiresQemu
class SchemaCheckTest {
    private static PausedQemu qemu;
    private static QmpClient client;
    private static final QmpSchemaCache schemaCache = QmpSchemaCache.create();

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start("-device", "virtio-scsi-pci,id=scsi0");
        client = TestClients.first(qemu).schemaCheck(schemaCache).connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        qemu.close();
    }

    @Test
    void schemaIsReadAtConnect() {
        QmpSchema schema = client.schema().orElseThrow();
        assertThat(schema.commandNames()).contains("query-status", "blockdev-add", "device_add");
        assertThat(schema.argumentNames("blockdev-add").orElseThrow()).contains("driver", "node-name", "filename");
        assertThat(client.send(new QueryStatus()).status()).isEqualTo("prelaunch");
    }

    @Test
    void unknownCommandIsRejectedLocallyWithTheValidNames() {
        assertThatThrownBy(() -> client.execute("query-statu"))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContaining("unknown QMP command 'query-statu'")
                .hasMessageContaining("query-status");
    }

    @Test
    void unknownArgumentIsRejectedLocallyWithTheValidArguments() {
        assertThatThrownBy(() -> client.execute("qom-get", JsonNodeFactory.instance.objectNode()
                .put("path", "/machine").put("propertee", "type")))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContaining("QMP command 'qom-get' has no argument 'propertee'")
                .hasMessageContaining("path, property");
        assertThatThrownBy(() -> client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                .put("driver", "null-co").put("node-name", "n1").put("sise", 1))))
                .isInstanceOf(QmpSchemaException.class).hasMessageContaining("'sise'").hasMessageContaining("size");
        assertThatThrownBy(() -> client.sendAsync(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                .put("bogus", 1))).join()).hasCauseInstanceOf(QmpSchemaException.class);
    }

    @Test
    void validCommandsPassIncludingDriverPropertiesOfDeviceAdd() {
        client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                .put("driver", "null-co").put("node-name", "ok1").put("size", 1 << 20)));
        client.send(new DeviceAdd("scsi-hd", "hd-ok1", JsonNodeFactory.instance.objectNode()
                .put("drive", "ok1").put("bus", "scsi0.0").put("serial", "S1")));
        assertThat(client.send(new io.jqemu.qmp.command.QomGet("/machine/peripheral/hd-ok1", "serial")).asText())
                .isEqualTo("S1");
    }

    @Test
    void nestedArgumentsAreCheckedThroughObjectsUnionsAndAlternates() {
        assertRefused(blockdev().put("driver", "null-co").put("node-name", "bad1")
                        .set("cache", obj().put("direct", true).put("bogus", 1)),
                "QMP command 'blockdev-add' has no argument 'cache.bogus'", "direct, no-flush");
        assertRefused(blockdev().put("driver", "null-co").put("node-name", "bad2")
                        .set("cache", obj().put("direct", "yes")),
                "QMP command 'blockdev-add': argument 'cache.direct' must be a boolean, got \"yes\"");
        // the variant chosen by the tag (driver=qcow2) and, through the alternate BlockdevRef, the nested node
        assertRefused(blockdev().put("driver", "qcow2").put("node-name", "bad3").set("file", obj().put("driver", "file")),
                "QMP command 'blockdev-add': missing argument 'file.filename'");
        assertRefused(blockdev().put("driver", "qcow2").put("node-name", "bad4").put("file", 5),
                "argument 'file' must be an object or a string, got 5");
        assertRefused(blockdev().put("driver", "qcow2").put("node-name", "bad5").put("lazy-refcount", true)
                        .put("file", "n0"),
                "has no argument 'lazy-refcount'", "lazy-refcounts");
    }

    @Test
    void enumsArraysAndMissingArgumentsAreChecked() {
        assertRefused(blockdev().put("driver", "null-co").put("node-name", "bad6").put("discard", "maybe"),
                "QMP command 'blockdev-add': argument 'discard' must be one of ignore, unmap, got \"maybe\"");
        assertRefused(blockdev().put("driver", "nosuchdriver"), "argument 'driver' must be one of", "null-co");
        assertThatThrownBy(() -> client.execute("send-key", obj().set("keys", JsonNodeFactory.instance.arrayNode()
                .add(obj().put("type", "qcode").put("data", "a"))
                .add(obj().put("type", "qcode").put("data", "no-such-key")))))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContaining("QMP command 'send-key': argument 'keys[1].data' must be one of");
        assertThatThrownBy(() -> client.execute("send-key", obj().put("keys", "a")))
                .isInstanceOf(QmpSchemaException.class).hasMessageContaining("argument 'keys' must be an array");
        assertThatThrownBy(() -> client.execute("qom-get", obj().put("path", "/machine")))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContaining("QMP command 'qom-get': missing argument 'property'");
        assertThatThrownBy(() -> client.execute("qom-get", obj().put("path", 7).put("property", "type")))
                .isInstanceOf(QmpSchemaException.class).hasMessageContaining("argument 'path' must be a string, got 7");
        // a refused command never reached QEMU
        assertThat(client.execute("query-named-block-nodes").toString()).doesNotContain("bad");
    }

    @Test
    void deviceAddIsCheckedAgainstTheDriversProperties() {
        client.send(new BlockdevAdd(blockdev().put("driver", "null-co").put("node-name", "dev1").put("size", 1 << 20)));
        assertThatThrownBy(() -> client.send(new DeviceAdd("scsi-hd", "hd-bad1", obj()
                .put("drive", "dev1").put("bus", "scsi0.0").put("seriall", "S1"))))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContaining("QMP command 'device_add' has no argument 'seriall' for driver 'scsi-hd'")
                .hasMessageContaining("serial");
        assertThatThrownBy(() -> client.send(new DeviceAdd("scsi-hdd", "hd-bad2", obj().put("drive", "dev1"))))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContaining("argument 'driver' names no device driver of this QEMU: 'scsi-hdd'");
        assertThatThrownBy(() -> client.execute("device_add", obj().put("driver", "scsi-hd").put("id", 3)))
                .isInstanceOf(QmpSchemaException.class).hasMessageContaining("argument 'id' must be a string");
        assertThat(client.execute("qom-list", obj().put("path", "/machine/peripheral")).toString())
                .doesNotContain("hd-bad");
        assertThat(schemaCache.knownDrivers()).contains("scsi-hd");
    }

    @Test
    void clientsSharingACacheReadTheSchemaOnce() {
        try (QmpClient other = TestClients.second(qemu).schemaCheck(schemaCache).connect()) {
            assertThat(other.schema().orElseThrow()).isSameAs(client.schema().orElseThrow());
            assertThat(schemaCache.schema().orElseThrow()).isSameAs(client.schema().orElseThrow());
            assertThatThrownBy(() -> other.execute("qom-get", obj().put("path", "/machine")))
                    .isInstanceOf(QmpSchemaException.class);
        }
    }

    private static void assertRefused(ObjectNode blockdevArguments, String... messageParts) {
        assertThatThrownBy(() -> client.send(new BlockdevAdd(blockdevArguments)))
                .isInstanceOf(QmpSchemaException.class)
                .hasMessageContainingAll(messageParts);
    }

    private static ObjectNode blockdev() {
        return obj();
    }

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void typedSchemaQueryParsesTheSameSchema() {
        assertThat(client.send(new QueryQmpSchema()).commandNames()).isEqualTo(client.schema().orElseThrow().commandNames());
    }
}
