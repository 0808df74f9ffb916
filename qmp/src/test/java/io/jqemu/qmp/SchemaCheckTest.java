package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

/** The opt-in schema check, with the schema of a real QEMU. */
@RequiresQemu
class SchemaCheckTest {
    private static PausedQemu qemu;
    private static QmpClient client;

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start("-device", "virtio-scsi-pci,id=scsi0");
        client = TestClients.first(qemu).schemaCheck(true).connect();
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
                .hasMessageContaining("no argument 'propertee'")
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
    void typedSchemaQueryParsesTheSameSchema() {
        assertThat(client.send(new QueryQmpSchema()).commandNames()).isEqualTo(client.schema().orElseThrow().commandNames());
    }
}
