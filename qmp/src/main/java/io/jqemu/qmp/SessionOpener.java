package io.jqemu.qmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.internal.ClientResources;
import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.internal.QmpFrameDecoder;
import io.jqemu.qmp.internal.Transport;
import io.jqemu.qmp.schema.QmpSchema;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Connects, reads the greeting, negotiates capabilities and, for the schema check, gets the schema. */
final class SessionOpener {
    private static final int OOB_QUEUE_LENGTH = 8;

    private SessionOpener() {
    }

    static CompletableFuture<QmpSession> open(QmpClient.Builder b) {
        String peer = b.address.toString();
        ClientResources resources = ClientResources.create(b.eventLoopGroup, b.callbackExecutor, "qmp");
        EventDispatcher events = new EventDispatcher("QMP " + peer, resources.callbacks(), b.eventQueueCapacity);
        QmpConnection connection = new QmpConnection(peer, events, false);
        connection.closed().whenComplete((cause, error) -> resources.releaseGroup());
        long deadline = System.nanoTime() + b.connectTimeout.toNanos();
        boolean wantOob = b.oob;
        Optional<QmpSchemaCache> schemaCache = b.schemaCheck
                ? Optional.of(b.schemaCache != null ? b.schemaCache : QmpSchemaCache.create())
                : Optional.empty();
        Duration quick = b.quickTimeout;
        Duration slow = b.slowTimeout;

        CompletableFuture<QmpSession> session;
        try {
            session = Transport.connect(resources.group(), b.address,
                            p -> p.addLast(new QmpFrameDecoder(b.maxFrameBytes), connection), b.connectTimeout)
                    .thenCompose(ch -> connection.greeting().orTimeout(remaining(deadline), TimeUnit.NANOSECONDS))
                    .thenCompose(greeting -> {
                        boolean oob = wantOob && greeting.offersOob();
                        Optional<ObjectNode> args = oob
                                ? Optional.of(JsonNodeFactory.instance.objectNode().set("enable",
                                        JsonNodeFactory.instance.arrayNode().add("oob")))
                                : Optional.empty();
                        return connection.submit("qmp_capabilities", args, OptionalInt.empty(),
                                        Duration.ofNanos(remaining(deadline)))
                                .thenApply(ok -> {
                                    if (oob) {
                                        connection.maxInFlight(OOB_QUEUE_LENGTH);
                                    }
                                    return new QmpSession(peer, connection, events, greeting, oob, Optional.empty(),
                                            Optional.empty(), quick, slow, resources);
                                });
                    })
                    .thenCompose(s -> schemaCache.isPresent() ? readSchema(s, schemaCache.get())
                            : CompletableFuture.completedFuture(s));
        } catch (RuntimeException e) {
            session = CompletableFuture.failedFuture(e);
        }
        return session.handle((s, t) -> {
            if (t == null) {
                return s;
            }
            connection.close(t);
            resources.release();
            throw new CompletionException(asQmpException(peer, t));
        });
    }

    private static CompletableFuture<QmpSession> readSchema(QmpSession s, QmpSchemaCache cache) {
        return cache.schema(() -> s.connection()
                        .submit("query-qmp-schema", Optional.empty(), OptionalInt.empty(), s.quickTimeout())
                        .thenApply(QmpSchema::parse))
                .thenApply(schema -> s.withSchema(cache, schema));
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static QmpException asQmpException(String peer, Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof TimeoutException) {
            return new QmpTimeoutException("QMP peer " + peer + " sent no greeting within the connect timeout");
        }
        if (c instanceof QmpException q) {
            return q;
        }
        String why = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
        return new QmpException("could not open a QMP session with " + peer + ": " + why, c);
    }
}
