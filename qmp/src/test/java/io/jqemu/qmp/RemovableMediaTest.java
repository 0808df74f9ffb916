package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.command.BlockInfo;
import io.jqemu.qmp.command.BlockNode;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevCloseTray;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.BlockdevInsertMedium;
import io.jqemu.qmp.command.BlockdevOpenTray;
import io.jqemu.qmp.command.BlockdevRemoveMedium;
import io.jqemu.qmp.command.QueryBlock;
import io.jqemu.qmp.command.QueryNamedBlockNodes;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tray and medium commands on an empty ide-cd drive of a paused QEMU: open the tray (the event
 * says so), insert a block node, close it, take it out again; query-block reports the tray and lock.
 * The schema check is on: every command's arguments are the ones QEMU's schema has.
 */
@RequiresQemu
class RemovableMediaTest {
    private static final Duration EVENT = Duration.ofSeconds(20);
    private static PausedQemu qemu;
    private static QmpClient client;

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start("-device", "ide-cd,id=cd0,bus=ide.1");
        client = TestClients.first(qemu).schemaCheck(true).connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        qemu.close();
    }

    private static BlockInfo drive() {
        return client.send(new QueryBlock()).stream().filter(b -> b.qdev().filter(q -> q.contains("cd0")).isPresent())
                .findFirst().orElseThrow();
    }

    @Test
    void mediumGoesInAndOutThroughTheOpenTray() throws IOException {
        Path iso = Files.write(qemu.dir().resolve("medium.iso"), new byte[1 << 16]);
        assertThat(drive().removable()).isTrue();
        assertThat(drive().trayOpen()).contains(false);
        assertThat(drive().inserted()).isEmpty();

        QmpReplyAndEvent<Void> opened = client.sendAndAwait(new BlockdevOpenTray("cd0", false),
                QmpEvents.trayMoved("cd0", true), EVENT);
        assertThat(opened.event().data().path("tray-open").asBoolean()).isTrue();
        assertThat(drive().trayOpen()).contains(true);

        client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode().put("driver", "file")
                .put("filename", iso.toString()).put("node-name", "med1").put("read-only", true)));
        client.send(new BlockdevInsertMedium("cd0", "med1"));
        client.sendAndAwait(new BlockdevCloseTray("cd0"), QmpEvents.trayMoved("cd0", false), EVENT);
        BlockInfo closed = drive();
        assertThat(closed.trayOpen()).contains(false);
        assertThat(closed.locked()).isFalse();
        assertThat(closed.inserted()).hasValueSatisfying(n -> assertThat(n.nodeName()).isEqualTo("med1"));

        assertThatThrownBy(() -> client.send(new BlockdevRemoveMedium("cd0")))
                .isInstanceOf(QmpErrorException.class).hasMessageContaining("Tray");
        client.sendAndAwait(new BlockdevOpenTray("cd0", true), QmpEvents.trayMoved("cd0", true), EVENT);
        client.send(new BlockdevRemoveMedium("cd0"));
        client.send(new BlockdevDel("med1"));
        assertThat(drive().inserted()).isEmpty();
        assertThat(client.send(new QueryNamedBlockNodes())).extracting(BlockNode::nodeName).doesNotContain("med1");
    }
}
