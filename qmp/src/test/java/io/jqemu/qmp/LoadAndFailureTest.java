package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.command.Quit;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Large replies, heavy pipelining, QEMU dying with commands pending, and EOF after quit. */
@RequiresQemu
class LoadAndFailureTest {
    private static final Logger LOG = LoggerFactory.getLogger(LoadAndFailureTest.class);
    private static final int SIGSTOP = 19;

    @Test
    void schemaReplyOfAbout200KiBIsReceivedWhole() {
        try (PausedQemu qemu = PausedQemu.start(); QmpClient client = TestClients.first(qemu).connect()) {
            JsonNode schema = client.execute("query-qmp-schema");
            assertThat(schema.toString().length()).isGreaterThan(150_000);
            assertThat(schema.findValuesAsText("name")).contains("query-status", "device_add");
        }
    }

    @Test
    void tenThousandPipelinedCommandsAreAllMatchedById() {
        try (PausedQemu qemu = PausedQemu.start(); QmpClient client = TestClients.first(qemu).connect()) {
            int n = 10_000;
            // each timeout covers queueing behind all earlier commands: generous for a loaded machine
            Duration timeout = Duration.ofSeconds(120);
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                futures.add(switch (i % 3) {
                    case 0 -> client.executeAsync("query-status", JsonNodeFactory.instance.objectNode(), timeout);
                    case 1 -> client.executeAsync("qom-get", JsonNodeFactory.instance.objectNode()
                            .put("path", "/machine").put("property", "type"), timeout);
                    default -> client.executeAsync("qom-get", JsonNodeFactory.instance.objectNode()
                            .put("path", "/missing-" + i).put("property", "x"), timeout);
                });
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(t -> null)
                    .orTimeout(180, TimeUnit.SECONDS).join();
            for (int i = 0; i < n; i++) {
                CompletableFuture<JsonNode> f = futures.get(i);
                switch (i % 3) {
                    case 0 -> assertThat(f.join().path("status").asText()).isEqualTo("prelaunch");
                    case 1 -> assertThat(f.join().asText()).startsWith("pc-q35");
                    default -> {
                        int index = i;
                        assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(QmpErrorException.class,
                                e -> assertThat(e.description()).contains("/missing-" + index + "'"));
                    }
                }
            }
        }
    }

    @Test
    void sigkillWithCommandsPendingFailsEveryFutureAtOnce() throws Exception {
        try (PausedQemu qemu = PausedQemu.start(); QmpClient client = TestClients.first(qemu).connect()) {
            POSIXFactory.getNativePOSIX().kill((int) qemu.process().pid(), SIGSTOP);
            List<CompletableFuture<?>> raw = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                raw.add(client.sendAsync(new QueryStatus(), Duration.ofSeconds(30)));
            }
            CompletableFuture<QmpEvent> waiter = client.awaitEvent(QmpEvents.named("NEVER"), Duration.ofSeconds(30));
            Thread.sleep(100);
            assertThat(raw).noneMatch(CompletableFuture::isDone);
            assertThat(waiter).isNotDone();
            long killedAt = System.nanoTime();
            qemu.process().destroyForcibly();
            CompletableFuture.allOf(raw.toArray(CompletableFuture[]::new)).handle((v, t) -> null)
                    .get(5, TimeUnit.SECONDS);
            long elapsedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - killedAt);
            waiter.handle((v, t) -> null).get(5, TimeUnit.SECONDS);
            long waiterMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - killedAt);
            LOG.info("20 pending commands failed {} us, the event waiter {} us after SIGKILL", elapsedMicros, waiterMicros);
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "sigkill-fail-micros.txt"),
                    "commands " + elapsedMicros + " us, event waiter " + waiterMicros + " us\n");
            for (CompletableFuture<?> f : raw) {
                assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause()
                        .isInstanceOf(QmpDisconnectedException.class).hasMessageContaining("query-status");
            }
            assertThatThrownBy(waiter::join).cause().isInstanceOf(QmpDisconnectedException.class);
            assertThat(waiterMicros).isLessThan(TimeUnit.SECONDS.toMicros(2));
            assertThat(elapsedMicros).isLessThan(TimeUnit.SECONDS.toMicros(2));
            assertThat(client.awaitEvent(QmpEvents.named("LATER"), Duration.ofSeconds(30)))
                    .failsWithin(Duration.ofMillis(500)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(QmpDisconnectedException.class);
            assertThat(client.closeFuture()).succeedsWithin(Duration.ofSeconds(1));
        }
    }

    @Test
    void quitCompletesEvenWhenQemuClosesTheSocketFirst() throws Exception {
        try (PausedQemu qemu = PausedQemu.start(); QmpClient client = TestClients.first(qemu).connect()) {
            CompletableFuture<Void> quit = client.sendAsync(new Quit());
            assertThat(quit).succeedsWithin(Duration.ofSeconds(10));
            assertThat(client.closeFuture()).succeedsWithin(Duration.ofSeconds(10));
            assertThat(qemu.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> client.send(new QueryStatus())).isInstanceOf(QmpDisconnectedException.class);
            ObjectNode none = JsonNodeFactory.instance.objectNode();
            assertThat(client.executeAsync("query-status", none)).failsWithin(Duration.ofSeconds(1));
        }
    }
}
