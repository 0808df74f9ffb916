package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.command.DeviceDel;
import io.jqemu.qmp.command.QueryStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Listener queues are bounded (drop-oldest, counted) and stop at close. A flood of events is
 * misbehaviour a real QEMU does not produce, so a scripted peer plays it.
 */
class EventQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DEFAULT_CAPACITY = 10_000;
    private static final String RUNNING = "{\"status\": \"running\", \"running\": true}";

    @Test
    void aBlockedListenerKeepsAtMostTheDefaultCapacityAndRepliesFlowDuringTheFlood() throws Exception {
        int flood = 3 * DEFAULT_CAPACITY;
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch startFlood = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            subscribed.await(30, TimeUnit.SECONDS);
            c.send(tick(0));
            startFlood.await(30, TimeUnit.SECONDS);
            sendTicks(c, 1, flood / 2);
            JsonNode r = c.read();
            c.reply(r, RUNNING);
            sendTicks(c, flood / 2 + 1, flood);
            c.send(event("LAST"));
            release.await(30, TimeUnit.SECONDS);
        }); QmpClient client = peer.client().connect()) {
            List<Integer> received = new CopyOnWriteArrayList<>();
            client.subscribe("TICK", e -> {
                received.add(e.data().path("n").asInt());
                entered.countDown();
                await(release);
            });
            CompletableFuture<QmpEvent> last = client.awaitEvent(QmpEvents.named("LAST"), WAIT);
            subscribed.countDown();
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            startFlood.countDown();

            assertThat(client.send(new QueryStatus(), WAIT).running()).isTrue();
            assertThat(last).succeedsWithin(WAIT);
            release.countDown();

            List<Integer> expected = new ArrayList<>(List.of(0));
            for (int n = flood - DEFAULT_CAPACITY + 1; n <= flood; n++) {
                expected.add(n);
            }
            awaitSize(received, expected.size());
            Thread.sleep(300);
            assertThat(received).hasSize(expected.size()).isEqualTo(expected);
        }
    }

    @Test
    void aFloodForABlockedListenerRetainsOnlyItsBoundedQueue() throws Exception {
        int flood = 200_000;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch subscribed = new CountDownLatch(1);
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            subscribed.await(30, TimeUnit.SECONDS);
            sendTicks(c, 0, flood - 1);
            c.send(event("LAST"));
            release.await(60, TimeUnit.SECONDS);
        }); QmpClient client = peer.client().connect()) {
            long before = retainedHeap();
            QmpSubscription sub = client.subscribe("TICK", e -> await(release));
            CompletableFuture<QmpEvent> last = client.awaitEvent(QmpEvents.named("LAST"), Duration.ofSeconds(60));
            subscribed.countDown();
            assertThat(last).succeedsWithin(Duration.ofSeconds(60));
            long retained = retainedHeap() - before;
            release.countDown();
            // 10,000 queued events take a few MB; the whole flood would take about 100 MB
            assertThat(retained).isLessThan(32L << 20);
            assertThat(sub.droppedEvents()).isBetween((long) flood - DEFAULT_CAPACITY - 1, (long) flood - DEFAULT_CAPACITY);
        }
    }

    @Test
    void theDroppedCountIsReadableAndTheQueueHoldsExactlyTheConfiguredCapacity() throws Exception {
        int capacity = 50;
        int flood = 5_000;
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch startFlood = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            subscribed.await(30, TimeUnit.SECONDS);
            c.send(tick(0));
            startFlood.await(30, TimeUnit.SECONDS);
            sendTicks(c, 1, flood);
            c.send(event("LAST"));
            release.await(30, TimeUnit.SECONDS);
        }); QmpClient client = peer.client().eventQueueCapacity(capacity).connect()) {
            List<Integer> received = new CopyOnWriteArrayList<>();
            AtomicReference<QmpSubscription> self = new AtomicReference<>();
            List<Long> droppedSeenByListener = new CopyOnWriteArrayList<>();
            QmpSubscription sub = client.subscribe("TICK", e -> {
                received.add(e.data().path("n").asInt());
                QmpSubscription s = self.get();
                if (s != null) {
                    droppedSeenByListener.add(s.droppedEvents());
                }
                entered.countDown();
                await(release);
            });
            self.set(sub);
            CompletableFuture<QmpEvent> last = client.awaitEvent(QmpEvents.named("LAST"), WAIT);
            subscribed.countDown();
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.droppedEvents()).isZero();
            startFlood.countDown();
            assertThat(last).succeedsWithin(WAIT);

            assertThat(sub.droppedEvents()).isEqualTo(flood - capacity);
            release.countDown();
            awaitSize(received, capacity + 1);
            Thread.sleep(300);
            assertThat(received).hasSize(capacity + 1);
            assertThat(received.get(0)).isZero();
            assertThat(received.get(1)).isEqualTo(flood - capacity + 1);
            assertThat(received.get(capacity)).isEqualTo(flood);
            assertThat(droppedSeenByListener.get(droppedSeenByListener.size() - 1)).isEqualTo(flood - capacity);
        }
    }

    @Test
    void aWaiterNeverMissesItsEventWhileAListenerQueueOverflows() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            JsonNode del = c.read();
            if (!del.path("execute").asText().equals("device_del")) {
                throw new IllegalStateException("expected device_del, got " + del);
            }
            sendTicks(c, 0, 2_000);
            c.reply(del, "{}");
            sendTicks(c, 2_001, 4_000);
            c.send("{\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"hd1\", \"path\": \"/machine/peripheral/hd1\"},"
                    + " \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n");
            sendTicks(c, 4_001, 6_000);
            release.await(30, TimeUnit.SECONDS);
        }); QmpClient client = peer.client().eventQueueCapacity(10).connect()) {
            QmpSubscription sub = client.subscribe("TICK", e -> await(release));
            QmpReplyAndEvent<Void> done = client.sendAndAwait(new DeviceDel("hd1"), QmpEvents.deviceDeleted("hd1"), WAIT);
            assertThat(done.event().data().path("device").asText()).isEqualTo("hd1");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sub.droppedEvents() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(sub.droppedEvents()).isPositive();
            release.countDown();
        }
    }

    @Test
    void noListenerIsCalledOnceCloseHasReturned() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (FakeQmpPeer peer = FakeQmpPeer.start(c -> {
            c.handshake(FakeQmpPeer.GREETING);
            int n = 0;
            try {
                while (!stop.get()) {
                    sendTicks(c, n, n + 99);
                    n += 100;
                }
            } catch (java.io.IOException closedByClient) {
                // the client closed the connection: the flood is over
            }
        })) {
            QmpClient client = peer.client().connect();
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch busy = new CountDownLatch(20);
            client.subscribe("TICK", e -> {
                calls.incrementAndGet();
                busy.countDown();
                sleep(20);
            });
            client.subscribe("TICK", e -> calls.incrementAndGet());
            assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
            client.close();
            int atClose = calls.get();
            Thread.sleep(1_000);
            stop.set(true);
            assertThat(calls.get()).isEqualTo(atClose);
        }
    }

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void sendTicks(FakeQmpPeer.Conversation c, int from, int to) throws java.io.IOException {
        StringBuilder batch = new StringBuilder();
        for (int n = from; n <= to; n++) {
            batch.append(tick(n));
            if (batch.length() > 64 * 1024) {
                c.send(batch.toString());
                batch.setLength(0);
            }
        }
        c.send(batch.toString());
    }

    private static String tick(int n) {
        return "{\"event\": \"TICK\", \"data\": {\"n\": " + n + "}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n";
    }

    private static String event(String name) {
        return "{\"event\": \"" + name + "\", \"data\": {}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n";
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
