package io.jqemu.qmp.ga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpTimeoutException;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest-agent client against the real qemu-ga (run on the host over a unix socket, dangerous
 * RPCs blocked), against QEMU's own virtio-serial chardev with no guest behind it, and against a
 * scripted agent that leaves stale bytes before the sync sentinel.
 */
class QgaClientTest {
    private static final String BLOCKED = String.join(",", List.of("guest-shutdown", "guest-exec", "guest-exec-status",
            "guest-file-open", "guest-file-write", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-fstrim",
            "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid", "guest-set-time", "guest-set-user-password",
            "guest-set-vcpus", "guest-set-memory-blocks", "guest-ssh-add-authorized-keys",
            "guest-ssh-remove-authorized-keys"));

    @TempDir
    Path dir;

    @Test
    void realQemuGuestAgentAnswersAfterTheHandshake() throws Exception {
        Path socket = dir.resolve("qga.sock");
        Process agent = new ProcessBuilder("/usr/sbin/qemu-ga", "-m", "unix-listen", "-p", socket.toString(),
                "-t", dir.toString(), "-f", dir.resolve("qga.pid").toString(), "-b", BLOCKED)
                .redirectErrorStream(true).redirectOutput(dir.resolve("qga.log").toFile()).start();
        try (QgaClient qga = QgaClient.builder().unixSocket(socket).connectTimeout(Duration.ofSeconds(10)).connect()) {
            assertThat(qga.execute("guest-ping").isObject()).isTrue();
            JsonNode info = qga.execute("guest-info");
            assertThat(info.path("version").asText()).startsWith("7.");
            assertThat(info.path("supported_commands").findValuesAsText("name")).contains("guest-sync-delimited");
            assertThatThrownBy(() -> qga.execute("guest-shutdown")).isInstanceOf(QmpErrorException.class)
                    .hasMessageContaining("guest-shutdown");
            qga.sync();
            assertThat(qga.execute("guest-ping").isObject()).isTrue();
        } finally {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void realQemuGuestAgentGivesTypedRepliesAndReportsABlockedShutdownAsAnError() throws Exception {
        Path socket = dir.resolve("typed-qga.sock");
        Process agent = new ProcessBuilder("/usr/sbin/qemu-ga", "-m", "unix-listen", "-p", socket.toString(),
                "-t", dir.toString(), "-f", dir.resolve("typed-qga.pid").toString(), "-b", BLOCKED)
                .redirectErrorStream(true).redirectOutput(dir.resolve("typed-qga.log").toFile()).start();
        try (QgaClient qga = QgaClient.builder().unixSocket(socket).connectTimeout(Duration.ofSeconds(10)).connect()) {
            qga.ping();
            GuestAgentInfo info = qga.info();
            assertThat(info.version()).startsWith("7.");
            assertThat(info.supports("guest-get-osinfo")).isTrue();
            assertThat(info.supports("guest-shutdown")).isFalse();
            assertThat(info.supportedCommands()).filteredOn(c -> c.name().equals("guest-shutdown"))
                    .singleElement().satisfies(c -> {
                        assertThat(c.enabled()).isFalse();
                        assertThat(c.successResponse()).isFalse();
                    });
            assertThat(qga.osInfo().kernelRelease()).hasValue(System.getProperty("os.version"));
            assertThat(qga.networkInterfaces()).filteredOn(i -> i.name().equals("lo")).singleElement()
                    .satisfies(lo -> assertThat(lo.ipAddresses())
                            .contains(new GuestIpAddress("127.0.0.1", GuestIpAddress.Type.IPV4, 8)));
            assertThat(qga.fsFreezeStatus()).isEqualTo(FsFreezeStatus.THAWED);
            // an agent that cannot shut the guest down answers with an error: that is no success
            assertThatThrownBy(() -> qga.shutdown(GuestShutdownMode.POWERDOWN)).isInstanceOf(QmpErrorException.class)
                    .hasMessageContaining("guest-shutdown");
            qga.ping();
        } finally {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void guestShutdownSucceedsWhenTheAgentStaysSilentOrTheChannelEnds() throws Exception {
        Path socket = dir.resolve("silent-qga.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<List<String>> agent = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel s = server.accept()) {
                    InputStream in = Channels.newInputStream(s);
                    answerSync(s, readRequest(in, true));
                    answerSync(s, readRequest(in, true));
                    JsonNode reboot = readRequest(in, false);
                    // a reboot: qemu-ga sends nothing and the channel stays open
                    answerSync(s, readRequest(in, true));
                    JsonNode powerdown = readRequest(in, false);
                    // a power-off: nothing either, then QEMU exits and the socket ends
                    return List.of(reboot.toString(), powerdown.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (QgaClient qga = QgaClient.builder().unixSocket(socket).connect()) {
                long start = System.nanoTime();
                assertThat(qga.shutdownAsync(GuestShutdownMode.REBOOT, Duration.ofMillis(300)))
                        .succeedsWithin(Duration.ofSeconds(20));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
                assertThat(qga.shutdownAsync(GuestShutdownMode.POWERDOWN, Duration.ofMinutes(5)))
                        .succeedsWithin(Duration.ofSeconds(20));
                assertThat(qga.isOpen()).isFalse();
            }
            List<String> sent = agent.get(20, TimeUnit.SECONDS);
            assertThat(sent.get(0)).contains("\"execute\":\"guest-shutdown\"").contains("\"mode\":\"reboot\"");
            assertThat(sent.get(1)).contains("\"mode\":\"powerdown\"");
        }
    }

    @Test
    void guestShutdownFailsWhenTheAgentDoesNotAnswerTheHandshake() throws Exception {
        Path socket = dir.resolve("mute-qga.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
                try (SocketChannel s = server.accept()) {
                    InputStream in = Channels.newInputStream(s);
                    answerSync(s, readRequest(in, true));
                    readRequest(in, true); // and never answered: the agent is gone
                    Thread.sleep(3000);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (QgaClient qga = QgaClient.builder().unixSocket(socket).syncTimeout(Duration.ofMillis(500)).connect()) {
                assertThat(qga.shutdownAsync(GuestShutdownMode.POWERDOWN, Duration.ofMillis(100)))
                        .failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(QmpTimeoutException.class)
                        .withMessageContaining("guest-sync-delimited");
            }
            agent.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    @RequiresQemu
    void handshakeThroughQemusChardevWithNoGuestTimesOut() throws Exception {
        Path qmp = dir.resolve("qmp.sock");
        Path socket = dir.resolve("qga.sock");
        Process qemu = new ProcessBuilder(QemuBinary.path(), "-S", "-nodefaults", "-display", "none",
                "-machine", "q35", "-accel", "tcg",
                "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=qga0,path=" + socket + ",server=on,wait=off",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> QgaClient.builder().unixSocket(socket).syncTimeout(Duration.ofMillis(300)).connect())
                    .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("guest-sync-delimited");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(qemu.isAlive()).isTrue();
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void staleBytesBeforeTheSentinelAreDiscarded() throws Exception {
        Path socket = dir.resolve("fake-qga.sock");
        ObjectMapper mapper = new ObjectMapper();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
                try (SocketChannel s = server.accept()) {
                    // a half-written reply from an earlier session and a stale complete one
                    write(s, "{\"return\": {\"stale\": tr" + "{\"return\": 42}\n");
                    InputStream in = Channels.newInputStream(s);
                    assertThat(in.read()).isEqualTo(0xFF);
                    MappingIterator<JsonNode> requests = mapper.readerFor(JsonNode.class).readValues(in);
                    JsonNode sync = requests.next();
                    assertThat(sync.path("execute").asText()).isEqualTo("guest-sync-delimited");
                    long token = sync.path("arguments").path("id").asLong();
                    s.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}));
                    write(s, "{\"return\": " + token + "}\n");
                    JsonNode ping = requests.next();
                    assertThat(ping.path("execute").asText()).isEqualTo("guest-ping");
                    write(s, "{\"return\": {}}\n");
                    JsonNode info = requests.next();
                    write(s, "{\"return\": {\"version\": \"fake\"}, \"id\": " + info.get("id") + "}\n");
                    Thread.sleep(100);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (QgaClient qga = QgaClient.builder().unixSocket(socket).connect()) {
                assertThat(qga.execute("guest-ping").isObject()).isTrue();
                assertThat(qga.execute("guest-info").path("version").asText()).isEqualTo("fake");
            }
            agent.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLostReplyNeitherWedgesTheClientNorCompletesALaterCommand() throws Exception {
        Path socket = dir.resolve("lossy-qga.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> {
                try (SocketChannel s = server.accept()) {
                    InputStream in = Channels.newInputStream(s);
                    answerSync(s, readRequest(in, true));
                    JsonNode lost = readRequest(in, false);
                    assertThat(lost.path("execute").asText()).isEqualTo("guest-ping");
                    JsonNode resync = readRequest(in, true);
                    // the late reply comes before the sentinel, where the client discards it
                    write(s, "{\"return\": {\"late\": true}, \"id\": " + lost.get("id") + "}\n");
                    answerSync(s, resync);
                    JsonNode info = readRequest(in, false);
                    assertThat(info.path("execute").asText()).isEqualTo("guest-info");
                    // an agent that answers without the id: matched to the one command in flight
                    write(s, "{\"return\": {\"version\": \"fake\"}}\n");
                    Thread.sleep(100);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (QgaClient qga = QgaClient.builder().unixSocket(socket).syncTimeout(Duration.ofSeconds(20)).connect()) {
                assertThat(qga.executeAsync("guest-ping", new ObjectMapper().createObjectNode(), Duration.ofMillis(300)))
                        .failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(QmpTimeoutException.class);
                qga.sync();
                assertThat(qga.execute("guest-info").path("version").asText()).isEqualTo("fake");
            }
            agent.get(20, TimeUnit.SECONDS);
        }
    }

    /** Reads one request object; with {@code afterReset}, first the 0xFF byte that precedes a sync. */
    private static JsonNode readRequest(InputStream in, boolean afterReset) throws java.io.IOException {
        if (afterReset) {
            assertThat(in.read()).isEqualTo(0xFF);
        }
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        int depth = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '{') {
                depth++;
            }
            if (depth > 0) {
                request.write(b);
            }
            if (b == '}' && --depth == 0) {
                return new ObjectMapper().readTree(request.toByteArray());
            }
        }
        throw new java.io.EOFException("the client closed the connection");
    }

    private static void answerSync(SocketChannel s, JsonNode sync) throws java.io.IOException {
        assertThat(sync.path("execute").asText()).isEqualTo("guest-sync-delimited");
        s.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}));
        write(s, "{\"return\": " + sync.path("arguments").path("id").asLong() + ", \"id\": " + sync.get("id") + "}\n");
    }

    private static void write(SocketChannel s, String text) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            s.write(b);
        }
    }
}
