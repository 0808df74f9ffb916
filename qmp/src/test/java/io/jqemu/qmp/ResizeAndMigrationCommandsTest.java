package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.command.BlockResize;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.MigrateSetParameters;
import io.jqemu.qmp.command.MigrationInfo;
import io.jqemu.qmp.command.QueryMigrate;
import io.jqemu.qmp.command.QueryNodeSizes;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed resize and migration commands against a real QEMU with the schema check on (so their
 * names and arguments are QEMU's). The state save and restore over a descriptor is proven in the
 * launcher's tests.
 */
@RequiresQemu
class ResizeAndMigrationCommandsTest {
    private static PausedQemu qemu;
    private static QmpClient client;

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start();
        client = TestClients.first(qemu).schemaCheck(true).connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        qemu.close();
    }

    @Test
    void blockResizeGrowsANodeAndQueryNodeSizesReadsIt(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("grow.raw");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                .put("driver", "file").put("node-name", "grow1").put("filename", image.toString())));
        assertThat(client.send(new QueryNodeSizes())).containsEntry("grow1", 1L << 20);

        client.send(new BlockResize("grow1", 3L << 20));

        assertThat(client.send(new QueryNodeSizes())).containsEntry("grow1", 3L << 20);
        assertThat(Files.size(image)).isEqualTo(3L << 20);
    }

    @Test
    void noMigrationHasRunAndItsBandwidthCanBeSet() {
        MigrationInfo info = client.send(new QueryMigrate());
        assertThat(info.status()).isEqualTo("none");
        assertThat(info.finished()).isFalse();
        assertThat(info.error()).isEmpty();

        client.send(new MigrateSetParameters(1L << 30));

        assertThat(client.execute("query-migrate-parameters").path("max-bandwidth").asLong()).isEqualTo(1L << 30);
    }
}
