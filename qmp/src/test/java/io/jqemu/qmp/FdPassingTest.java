package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.command.AddFd;
import io.jqemu.qmp.command.BlockNode;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.CloseFd;
import io.jqemu.qmp.command.FdsetFd;
import io.jqemu.qmp.command.GetFd;
import io.jqemu.qmp.command.HumanMonitorCommand;
import io.jqemu.qmp.command.NetdevAdd;
import io.jqemu.qmp.command.NetdevDel;
import io.jqemu.qmp.command.QueryNamedBlockNodes;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.qmp.command.RemoveFd;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import io.jqemu.testsupport.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SCM_RIGHTS descriptor passing to a real QEMU: a tap for netdev_add, a file for blockdev-add via /dev/fdset. */
@RequiresQemu
@RequiresRoot
class FdPassingTest {
    private static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    private static PausedQemu qemu;
    private static QmpClient client;

    @BeforeAll
    static void start() {
        qemu = PausedQemu.start();
        client = TestClients.first(qemu).connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        qemu.close();
    }

    @Test
    void tapPassedWithGetfdBacksANetdev() {
        String ifname = "jqt" + ProcessHandle.current().pid() % 100000;
        int tap = TestTap.open(ifname);
        try {
            client.send(new GetFd("tapfd0", tap));
        } finally {
            TestTap.close(tap);
        }
        // QEMU holds its own copy: the interface still exists although ours is closed.
        assertThat(Path.of("/sys/class/net", ifname)).exists();
        client.send(new NetdevAdd("tap", "net0", JsonNodeFactory.instance.objectNode().put("fd", "tapfd0")));
        assertThat(client.send(new HumanMonitorCommand("info network"))).contains("net0").contains("fd=");
        assertThat(client.send(new QueryStatus()).status()).isEqualTo("prelaunch");
        client.send(new NetdevDel("net0"));
        assertThat(client.send(new HumanMonitorCommand("info network"))).doesNotContain("net0");
    }

    @Test
    void closefdOfAnUnknownNameIsRejectedByQemu() {
        assertThatThrownBy(() -> client.send(new CloseFd("never-passed")))
                .isInstanceOf(QmpErrorException.class).hasMessageContaining("never-passed");
    }

    @Test
    void filePassedWithAddFdIsOpenedThroughDevFdset() throws Exception {
        Path image = Files.createTempFile(qemu.dir(), "disk", ".raw");
        Files.write(image, new byte[1 << 20]);
        int fd = POSIX.open(image.toString(), OpenFlags.O_RDWR.intValue(), 0);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        FdsetFd added;
        try {
            added = client.send(new AddFd(fd, Optional.empty(), Optional.of("test image")));
        } finally {
            POSIX.close(fd);
        }
        // Only QEMU's copy of the descriptor can reach the file now.
        Files.delete(image);
        String fdset = "/dev/fdset/" + added.fdsetId();
        client.send(new BlockdevAdd(JsonNodeFactory.instance.objectNode()
                .put("driver", "file").put("filename", fdset).put("node-name", "fdfile0")));
        assertThat(client.send(new QueryNamedBlockNodes())).anySatisfy((BlockNode n) -> {
            assertThat(n.nodeName()).isEqualTo("fdfile0");
            assertThat(n.file()).isEqualTo(fdset);
        });
        assertThat(client.execute("query-fdsets").toString()).contains("\"fdset-id\":" + added.fdsetId());
        client.send(new io.jqemu.qmp.command.BlockdevDel("fdfile0"));
        client.send(new RemoveFd(added.fdsetId(), Optional.empty()));
    }
}
