package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.schema.QmpSchema;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the schema check knows about one QEMU build: its QAPI schema ({@code query-qmp-schema}) and,
 * per device driver, the properties {@code device_add} accepts ({@code device-list-properties}).
 * The first client that needs an answer asks its QEMU; every client given the same cache
 * ({@link QmpClient.Builder#schemaCheck(QmpSchemaCache)}) reuses it, so many VMs of one QEMU binary
 * fetch the schema once. Share a cache only among QEMUs of the same binary. Thread-safe; an answer
 * lost to a failed connection is asked again by the next client.
 */
public final class QmpSchemaCache {
    private static final int KEPT_REFUSALS = 20;
    private final AtomicReference<CompletableFuture<QmpSchema>> schema = new AtomicReference<>();
    private final Map<String, CompletableFuture<Set<String>>> driverProperties = new ConcurrentHashMap<>();
    private final Deque<String> refusals = new ConcurrentLinkedDeque<>();
    private final AtomicLong refusalCount = new AtomicLong();

    private QmpSchemaCache() {
    }

    /** {@return an empty cache, for the QEMUs of one binary} */
    public static QmpSchemaCache create() {
        return new QmpSchemaCache();
    }

    /** {@return the schema, once a client has read it} */
    public Optional<QmpSchema> schema() {
        CompletableFuture<QmpSchema> s = schema.get();
        return s != null && s.isDone() && !s.isCompletedExceptionally() ? Optional.of(s.join()) : Optional.empty();
    }

    /** {@return the device drivers whose properties have been read so far, sorted} */
    public Set<String> knownDrivers() {
        Set<String> known = new TreeSet<>();
        driverProperties.forEach((driver, f) -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                known.add(driver);
            }
        });
        return known;
    }

    /**
     * How many commands the check refused in the clients of this cache: a program that should only
     * send valid commands (the jqemu launcher) can assert there were none.
     *
     * @return the count since the cache was created
     */
    public long refusalCount() {
        return refusalCount.get();
    }

    /** {@return the messages of the most recent refusals (the last 20), oldest first} */
    public List<String> recentRefusals() {
        return List.copyOf(refusals);
    }

    void recordRefusal(QmpSchemaException e) {
        refusalCount.incrementAndGet();
        refusals.addLast(e.getMessage());
        while (refusals.size() > KEPT_REFUSALS) {
            refusals.pollFirst();
        }
    }

    CompletableFuture<QmpSchema> schema(Supplier<CompletableFuture<QmpSchema>> fetch) {
        CompletableFuture<QmpSchema> mine = new CompletableFuture<>();
        CompletableFuture<QmpSchema> existing = schema.compareAndExchange(null, mine);
        if (existing != null) {
            return existing;
        }
        fetch.get().whenComplete((s, t) -> {
            if (t != null) {
                schema.compareAndSet(mine, null);
                mine.completeExceptionally(t);
            } else {
                mine.complete(s);
            }
        });
        return mine;
    }

    /**
     * The property names of a driver, read with {@code fetch} (the raw reply of
     * {@code device-list-properties}) when not known yet. A refusal by QEMU (no such driver) is
     * kept; a lost connection or a timeout is not.
     */
    CompletableFuture<Set<String>> driverProperties(String driver, Function<String, CompletableFuture<JsonNode>> fetch) {
        CompletableFuture<Set<String>> known = driverProperties.get(driver);
        if (known != null) {
            return known;
        }
        CompletableFuture<Set<String>> mine = new CompletableFuture<>();
        known = driverProperties.putIfAbsent(driver, mine);
        if (known != null) {
            return known;
        }
        fetch.apply(driver).whenComplete((reply, t) -> {
            if (t == null) {
                mine.complete(propertyNames(reply));
                return;
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (!(cause instanceof QmpErrorException)) {
                driverProperties.remove(driver, mine);
            }
            mine.completeExceptionally(cause);
        });
        return mine;
    }

    private static Set<String> propertyNames(JsonNode reply) {
        Set<String> names = new TreeSet<>();
        for (Iterator<JsonNode> it = reply.elements(); it.hasNext(); ) {
            names.add(it.next().path("name").asText());
        }
        return Set.copyOf(names);
    }
}
