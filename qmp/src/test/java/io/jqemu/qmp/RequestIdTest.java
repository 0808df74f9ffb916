package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.command.QueryStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request ids and in-flight slots: exact integer ids, slots freed by timeouts, late replies, isOpen. */
class RequestIdTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RUNNING = "{\"status\": \"running\", \"running\": true}";

    @Test
    void timedOutCallsGiveTheirSlotBackSoLostRepliesCannotWedgeTheConnection() throws Exception {
        int lost = 10;
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            Set<JsonNode> unanswered = new HashSet<>();
            for (int i = 0; i < lost; i++) {
                unanswered.add(c.read().get("id"));
            }
            JsonNode answered = c.read();
            if (unanswered.contains(answered.get("id")) || unanswered.size() != lost) {
                throw new IllegalStateException("a retired id was reused: " + answered + " while " + unanswered
                        + " await late replies");
            }
            c.reply(answered, RUNNING);
            Thread.sleep(500);
        }); QmpClient client = peer.client().connect()) {
            for (int i = 0; i < lost; i++) {
                assertThatThrownBy(() -> client.send(new QueryStatus(), Duration.ofMillis(200)))
                        .isInstanceOf(QmpTimeoutException.class).hasMessageContaining("may still be running");
            }
            assertThat(client.send(new QueryStatus(), WAIT).status()).isEqualTo("running");
            assertThat(peer.done()).succeedsWithin(WAIT);
        }
    }

    @Test
    void aLateReplyIsDroppedAndNeverCompletesTheRequestSentAfterTheTimeout() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode timedOut = c.read();
            JsonNode next = c.read();
            if (next.get("id").equals(timedOut.get("id"))) {
                throw new IllegalStateException("the id of a request awaiting its late reply was reused: " + next);
            }
            c.send("{\"return\": {\"status\": \"late\", \"running\": false}, \"id\": " + timedOut.get("id") + "}\r\n");
            c.reply(next, RUNNING);
            JsonNode third = c.read();
            if (!third.get("id").equals(timedOut.get("id"))) {
                throw new IllegalStateException("the smallest id, freed by its late reply, should be reused: " + third);
            }
            c.reply(third, "{\"status\": \"third\", \"running\": true}");
        }); QmpClient client = peer.client().oob(false).connect()) {
            assertThatThrownBy(() -> client.send(new QueryStatus(), Duration.ofMillis(200)))
                    .isInstanceOf(QmpTimeoutException.class);
            assertThat(client.send(new QueryStatus(), WAIT).status()).isEqualTo("running");
            assertThat(client.send(new QueryStatus(), WAIT).status()).isEqualTo("third");
            assertThat(peer.done()).succeedsWithin(WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.7", "\"0\"", "1e0", "0.0", "null", "[0]"})
    void aReplyWhoseIdIsNotAnExactIntegerIsAProtocolErrorAndCompletesNothing(String badId) throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            c.read();
            c.read();
            c.send("{\"return\": {\"status\": \"wrong\", \"running\": false}, \"id\": " + badId + "}\r\n");
            Thread.sleep(500);
        }); QmpClient client = peer.client().connect()) {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            calls.add(client.sendAsync(new QueryStatus(), WAIT));
            calls.add(client.sendAsync(new QueryStatus(), WAIT));
            for (CompletableFuture<?> call : calls) {
                assertThat(call).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOf(QmpDisconnectedException.class)
                        .havingCause().isInstanceOf(QmpProtocolException.class)
                        .withMessageContaining("reply id").withMessageContaining("not an integer");
            }
            assertThat(client.isOpen()).isFalse();
        }
    }

    @Test
    void isOpenIsFalseByTheTimePendingCallsFailWithDisconnected() throws Exception {
        CountDownLatch replied = new CountDownLatch(1);
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            c.read();
            c.close();
        }); QmpClient client = peer.client().callbackExecutor(Runnable::run).connect()) {
            // a direct callback executor runs this on the thread that fails the call, at that moment
            CompletableFuture<Boolean> openWhenFailed = new CompletableFuture<>();
            client.sendAsync(new QueryStatus()).whenComplete((r, t) -> {
                Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                if (cause instanceof QmpDisconnectedException) {
                    openWhenFailed.complete(client.isOpen());
                } else {
                    openWhenFailed.completeExceptionally(new AssertionError("expected a disconnect, got " + t));
                }
                replied.countDown();
            });
            assertThat(replied.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(openWhenFailed).succeedsWithin(WAIT).isEqualTo(false);
            assertThatThrownBy(() -> client.send(new QueryStatus())).isInstanceOf(QmpDisconnectedException.class);
            assertThat(client.isOpen()).isFalse();
        }
    }
}
