package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.command.Quit;
import io.jqemu.qmp.command.QueryStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Protocol misbehaviour a real QEMU does not produce, played by a scripted peer. */
class FakePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void garbageBytesFailPendingCommandsWithAProtocolCause() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            c.read();
            c.send("@@ not json at all");
            Thread.sleep(200);
        }); QmpClient client = peer.client().connect()) {
            CompletableFuture<JsonNode> f = client.executeAsync("query-status", JsonNodeFactory.instance.objectNode());
            assertThat(f).failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(QmpDisconnectedException.class)
                    .havingCause().isInstanceOf(QmpProtocolException.class).withMessageContaining("0x40");
            assertThat(client.closeFuture()).succeedsWithin(WAIT);
        }
    }

    @Test
    void oversizeFrameIsAProtocolError() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode r = c.read();
            c.reply(r, "\"" + "x".repeat(10_000) + "\"");
            Thread.sleep(200);
        }); QmpClient client = peer.client().maxFrameBytes(4096).connect()) {
            assertThatThrownBy(() -> client.send(new QueryStatus()))
                    .isInstanceOf(QmpDisconnectedException.class)
                    .cause().isInstanceOf(QmpProtocolException.class).hasMessageContaining("4096");
        }
    }

    @Test
    void replyWithUnknownIdIsIgnoredAndTheRightReplyStillMatches() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode r = c.read();
            c.send("{\"return\": {\"status\": \"bogus\", \"running\": true}, \"id\": 987654}\r\n");
            c.reply(r, "{\"status\": \"paused\", \"running\": false}");
            JsonNode second = c.read();
            c.reply(second, "{\"status\": \"running\", \"running\": true}");
            Thread.sleep(200);
        }); QmpClient client = peer.client().connect()) {
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("paused");
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("running");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void outOfOrderRepliesAreMatchedById() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            List<JsonNode> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(c.read());
            }
            for (int i = 4; i >= 0; i--) {
                JsonNode r = requests.get(i);
                c.reply(r, "\"" + r.path("arguments").path("property").asText() + "\"");
            }
            Thread.sleep(200);
        }); QmpClient client = peer.client().connect()) {
            assertThat(client.maxInFlight()).isEqualTo(8);
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                futures.add(client.executeAsync("qom-get", JsonNodeFactory.instance.objectNode()
                        .put("path", "/machine").put("property", "p" + i)));
            }
            for (int i = 0; i < 5; i++) {
                assertThat(futures.get(i).get(5, TimeUnit.SECONDS).asText()).isEqualTo("p" + i);
            }
        }
    }

    @Test
    void disconnectMidCommandFailsItWithDisconnected() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            c.read();
            c.close();
        }); QmpClient client = peer.client().connect()) {
            assertThatThrownBy(() -> client.send(new QueryStatus()))
                    .isInstanceOf(QmpDisconnectedException.class)
                    .hasMessageContaining("query-status").hasMessageContaining("was sent and may have run")
                    .hasCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
        }
    }

    @Test
    void eofWithoutReplyAfterQuitIsSuccess() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            c.read();
            c.close();
        }); QmpClient client = peer.client().connect()) {
            client.send(new Quit());
            assertThat(client.closeFuture()).succeedsWithin(WAIT);
        }
    }

    @Test
    void greetingWithoutCapabilitiesFailsTheConnect() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.send("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}}}\r\n");
            Thread.sleep(500);
        })) {
            assertThatThrownBy(() -> peer.client().connect())
                    .isInstanceOf(QmpDisconnectedException.class).hasMessageContaining("before its greeting")
                    .cause().isInstanceOf(QmpProtocolException.class).hasMessageContaining("capabilities");
        }
    }

    @Test
    void eventsInterleavedWithRepliesAreAllDeliveredInOrder() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode a = c.read();
            JsonNode b = c.read();
            c.send(event("E1"));
            c.reply(a, "\"a\"");
            c.send(event("E2") + event("E3"));
            c.reply(b, "\"b\"");
            c.send(event("E4"));
            Thread.sleep(300);
        }); QmpClient client = peer.client().connect()) {
            List<String> events = new CopyOnWriteArrayList<>();
            client.subscribe(e -> true, e -> events.add(e.name()));
            CompletableFuture<QmpEvent> e4 = client.awaitEvent(QmpEvents.named("E4"), WAIT);
            var a = client.executeAsync("x", JsonNodeFactory.instance.objectNode());
            var b = client.executeAsync("y", JsonNodeFactory.instance.objectNode());
            assertThat(a.get(5, TimeUnit.SECONDS).asText()).isEqualTo("a");
            assertThat(b.get(5, TimeUnit.SECONDS).asText()).isEqualTo("b");
            assertThat(e4).succeedsWithin(WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(events).containsExactly("E1", "E2", "E3", "E4");
        }
    }

    @Test
    void aBlockedListenerStallsNeitherRepliesNorOtherListeners() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode r = c.read();
            for (int i = 0; i < 100; i++) {
                c.send(event("TICK"));
            }
            c.reply(r, "{\"status\": \"running\", \"running\": true}");
            release.await(5, TimeUnit.SECONDS);
        }); QmpClient client = peer.client().connect()) {
            List<QmpEvent> slow = new CopyOnWriteArrayList<>();
            List<QmpEvent> fast = new CopyOnWriteArrayList<>();
            client.subscribe("TICK", e -> {
                slow.add(e);
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            client.subscribe("TICK", fast::add);
            assertThat(client.send(new QueryStatus()).running()).isTrue();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (fast.size() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(fast).hasSize(100);
            assertThat(slow).hasSize(1);
            release.countDown();
            deadline = System.nanoTime() + WAIT.toNanos();
            while (slow.size() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(slow).hasSize(100);
        }
    }

    @Test
    void timeoutSaysTheCommandMayStillRunAndTheLateReplyIsDropped() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode slow = c.read();
            Thread.sleep(300);
            c.reply(slow, "{\"status\": \"late\", \"running\": false}");
            JsonNode next = c.read();
            c.reply(next, "{\"status\": \"running\", \"running\": true}");
            Thread.sleep(200);
        }); QmpClient client = peer.client().oob(false).connect()) {
            assertThatThrownBy(() -> client.send(new QueryStatus(), Duration.ofMillis(100)))
                    .isInstanceOf(QmpTimeoutException.class)
                    .hasMessageContaining("may still be running inside QEMU");
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("running");
        }
    }

    @Test
    void anIdIsReusedOnlyOnceItsReplyHasArrived() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode timedOut = c.read();
            JsonNode b = c.read();
            expectId(b, "not the id of the timed-out request still awaiting its reply",
                    !b.get("id").equals(timedOut.get("id")));
            c.reply(b, "{\"status\": \"b\", \"running\": true}");
            JsonNode third = c.read();
            expectId(third, "the id freed by b's reply", third.get("id").equals(b.get("id")));
            c.reply(timedOut, "{\"status\": \"late\", \"running\": false}");
            c.reply(third, "{\"status\": \"c\", \"running\": true}");
            JsonNode fourth = c.read();
            expectId(fourth, "the id freed by the late reply", fourth.get("id").equals(timedOut.get("id")));
            c.reply(fourth, "{\"status\": \"d\", \"running\": true}");
        }); QmpClient client = peer.client().connect()) {
            assertThat(client.sendAsync(new QueryStatus(), Duration.ofMillis(100))).failsWithin(WAIT)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(QmpTimeoutException.class);
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("b");
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("c");
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("d");
            assertThat(peer.done()).succeedsWithin(WAIT);
        }
    }

    private static void expectId(JsonNode request, String expected, boolean ok) {
        if (!ok || !request.get("id").canConvertToLong() || request.get("id").asLong() > 7) {
            throw new IllegalStateException("request " + request + " should carry a small id, " + expected);
        }
    }

    @Test
    void connectRetriesUntilTheSocketAppears() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jqemu-late");
        java.nio.file.Path sock = dir.resolve("late.sock");
        CompletableFuture<QmpClient> connecting = QmpClient.builder().unixSocket(sock)
                .connectTimeout(Duration.ofSeconds(5)).connectAsync();
        Thread.sleep(200);
        assertThat(connecting).isNotDone();
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(sock));
            try (var s = server.accept()) {
                FakeQmpPeer.Conversation c = new FakeQmpPeer.Conversation(s);
                c.handshake(FakeQmpPeer.GREETING);
                try (QmpClient client = connecting.get(5, TimeUnit.SECONDS)) {
                    assertThat(client.greeting().version().toString()).isEqualTo("7.2.0");
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(sock);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Test
    void connectGivesUpAfterTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> QmpClient.builder().unixSocket(java.nio.file.Path.of("/nonexistent/qmp.sock"))
                .connectTimeout(Duration.ofMillis(300)).connect())
                .isInstanceOf(QmpException.class).hasMessageContaining("within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    private static String event(String name) {
        return "{\"event\": \"" + name + "\", \"data\": {}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n";
    }
}
