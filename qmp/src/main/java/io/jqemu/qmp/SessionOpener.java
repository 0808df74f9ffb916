package io.jqemu.qmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.internal.QmpFrameDecoder;
import io.jqemu.qmp.internal.Transport;
import io.jqemu.qmp.schema.QmpSchema;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Connects, reads the greeting, negotiates capabilities and optionally reads the schema. */
final class SessionOpener {
    private static final int OOB_QUEUE_LENGTH = 8;

    private SessionOpener() {
    }

    static CompletableFuture<QmpSession> open(QmpClient.Builder b) {
        String peer = b.address.toString();
        Optional<EventLoopGroup> ownedGroup = b.eventLoopGroup == null
                ? Optional.of(Transport.newGroup("qmp")) : Optional.empty();
        EventLoopGroup group = ownedGroup.orElse(b.eventLoopGroup);
        Optional<ExecutorService> ownedCallbacks = b.callbackExecutor == null
                ? Optional.of(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("qmp-callback-", 0).factory()))
                : Optional.empty();
        Executor callbacks = b.callbackExecutor != null ? b.callbackExecutor : ownedCallbacks.get();
        EventDispatcher events = new EventDispatcher("QMP " + peer, callbacks);
        QmpConnection connection = new QmpConnection(peer, events, false);
        long deadline = System.nanoTime() + b.connectTimeout.toNanos();
        boolean wantOob = b.oob;
        boolean schemaCheck = b.schemaCheck;
        Duration quick = b.quickTimeout;
        Duration slow = b.slowTimeout;

        CompletableFuture<QmpSession> session;
        try {
            session = Transport.connect(group, b.address,
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
                                            quick, slow, callbacks, ownedGroup, ownedCallbacks);
                                });
                    })
                    .thenCompose(s -> schemaCheck ? readSchema(s) : CompletableFuture.completedFuture(s));
        } catch (RuntimeException e) {
            session = CompletableFuture.failedFuture(e);
        }
        return session.handle((s, t) -> {
            if (t == null) {
                return s;
            }
            connection.close(t);
            ownedGroup.ifPresent(QmpSession::shutDown);
            ownedCallbacks.ifPresent(ExecutorService::shutdown);
            throw new CompletionException(asQmpException(peer, t));
        });
    }

    private static CompletableFuture<QmpSession> readSchema(QmpSession s) {
        return s.connection().submit("query-qmp-schema", Optional.empty(), OptionalInt.empty(), s.quickTimeout())
                .thenApply(schema -> new QmpSession(s.peer(), s.connection(), s.events(), s.greeting(), s.oob(),
                        Optional.of(QmpSchema.parse(schema)), s.quickTimeout(), s.slowTimeout(), s.callbacks(),
                        s.ownedGroup(), s.ownedCallbacks()));
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
        return new QmpException("could not open a QMP session with " + peer + ": " + c.getMessage(), c);
    }
}
