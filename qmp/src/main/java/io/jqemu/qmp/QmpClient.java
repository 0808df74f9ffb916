package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.Futures;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.schema.QmpSchema;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected, negotiated QMP session with one QEMU. Build one with {@link #builder()}; the client is
 * immutable and thread-safe. Every command has an async form returning a {@link CompletableFuture}
 * (completed on the callback executor, never on the event loop) and a blocking form that waits for
 * the same future.
 *
 * <p>Replies are matched by id (an exact JSON integer). At most {@link #maxInFlight()} live commands
 * are on the wire (8 when OOB was negotiated, else 1); the rest wait in order. A command that times
 * out gives its slot back at once; its id is not reused until QEMU's late reply arrives, and that
 * reply is logged and dropped, so it can never complete another command.
 *
 * <p>Events go to listeners and waiters off the event loop, each listener with its own bounded queue
 * ({@link Builder#eventQueueCapacity}): a listener that falls that far behind loses its oldest queued
 * events, counted by {@link QmpSubscription#droppedEvents()}. Event waiters never lose an event to a
 * listener.
 *
 * <p>{@link #close()} closes the connection, fails pending commands with
 * {@link QmpDisconnectedException}, stops event delivery, and releases the event loop group and callback executor if the
 * client created them; groups and executors passed to the builder are left running for their owner.
 */
public final class QmpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QmpClient.class);
    private final QmpSession session;

    QmpClient(QmpSession session) {
        this.session = session;
    }

    /** {@return a builder with the defaults described on its methods} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the greeting QEMU sent} */
    public QmpGreeting greeting() {
        return session.greeting();
    }

    /** {@return whether out-of-band execution was negotiated} */
    public boolean oobEnabled() {
        return session.oob();
    }

    /** {@return how many commands may be on the wire at once (8 with OOB, 1 without)} */
    public int maxInFlight() {
        return session.oob() ? 8 : 1;
    }

    /** {@return the schema read at connect time, when the schema check is on} */
    public Optional<QmpSchema> schema() {
        return session.schema();
    }

    /** {@return the peer this client talks to (socket path or host:port)} */
    public String peer() {
        return session.peer();
    }

    /**
     * Sends a typed command with its default timeout.
     *
     * @param command the command
     * @param <R> its reply type
     * @return the decoded reply, completed on the callback executor
     */
    public <R> CompletableFuture<R> sendAsync(QmpCommand<R> command) {
        return sendAsync(command, defaultTimeout(command.timeoutClass()));
    }

    /**
     * Sends a typed command.
     *
     * @param command the command
     * @param timeout time allowed, queueing included
     * @param <R> its reply type
     * @return the decoded reply, completed on the callback executor
     */
    public <R> CompletableFuture<R> sendAsync(QmpCommand<R> command, Duration timeout) {
        try {
            return submit(command, timeout).thenApplyAsync(command::decode, session.callbacks());
        } catch (QmpException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends a typed command and waits for its reply (default timeout).
     *
     * @param command the command
     * @param <R> its reply type
     * @return the decoded reply ({@code null} for {@code Void} commands)
     * @throws QmpException (one of its subclasses) when the command fails
     */
    public <R> R send(QmpCommand<R> command) {
        return send(command, defaultTimeout(command.timeoutClass()));
    }

    /**
     * Sends a typed command and waits for its reply.
     *
     * @param command the command
     * @param timeout time allowed, queueing included
     * @param <R> its reply type
     * @return the decoded reply ({@code null} for {@code Void} commands)
     * @throws QmpException (one of its subclasses) when the command fails
     */
    public <R> R send(QmpCommand<R> command, Duration timeout) {
        return command.decode(Futures.await(submit(command, timeout)));
    }

    /**
     * Sends any command by name, with its default timeout ({@link QmpTimeoutClass#of}).
     *
     * @param command the command name
     * @param arguments its arguments object
     * @return the {@code return} member of the reply
     */
    public CompletableFuture<JsonNode> executeAsync(String command, ObjectNode arguments) {
        return executeAsync(command, arguments, defaultTimeout(QmpTimeoutClass.of(command)));
    }

    /**
     * Sends any command by name.
     *
     * @param command the command name
     * @param arguments its arguments object (an empty object sends no {@code arguments} member)
     * @param timeout time allowed, queueing included
     * @return the {@code return} member of the reply, completed on the callback executor
     */
    public CompletableFuture<JsonNode> executeAsync(String command, ObjectNode arguments, Duration timeout) {
        return sendAsync(new RawCommand(command, arguments), timeout);
    }

    /**
     * Sends any command without arguments and waits (default timeout).
     *
     * @param command the command name
     * @return the {@code return} member of the reply
     */
    public JsonNode execute(String command) {
        return execute(command, JsonNodeFactory.instance.objectNode());
    }

    /**
     * Sends any command and waits (default timeout).
     *
     * @param command the command name
     * @param arguments its arguments object
     * @return the {@code return} member of the reply
     */
    public JsonNode execute(String command, ObjectNode arguments) {
        return send(new RawCommand(command, arguments));
    }

    /**
     * Sends any command and waits.
     *
     * @param command the command name
     * @param arguments its arguments object
     * @param timeout time allowed, queueing included
     * @return the {@code return} member of the reply
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        return send(new RawCommand(command, arguments), timeout);
    }

    /**
     * Listens to every event with a name.
     *
     * @param eventName e.g. {@code STOP}
     * @param listener called in event order on its own bounded queue, off the event loop
     * @return the subscription; close it to stop listening, read its dropped-event count
     */
    public QmpSubscription subscribe(String eventName, Consumer<QmpEvent> listener) {
        return subscribe(QmpEvents.named(eventName), listener);
    }

    /**
     * Listens to every event a predicate accepts.
     *
     * @param matcher which events
     * @param listener called in event order on its own bounded queue, off the event loop
     * @return the subscription; close it to stop listening, read its dropped-event count
     */
    public QmpSubscription subscribe(Predicate<QmpEvent> matcher, Consumer<QmpEvent> listener) {
        return session.events().subscribe(matcher, listener);
    }

    /**
     * Waits for the first matching event received after this call.
     *
     * @param matcher which event, e.g. {@link QmpEvents#named}
     * @param timeout how long to wait
     * @return the event; fails with {@link QmpTimeoutException} or {@link QmpDisconnectedException}
     */
    public CompletableFuture<QmpEvent> awaitEvent(Predicate<QmpEvent> matcher, Duration timeout) {
        return session.events().await(matcher, timeout);
    }

    /**
     * Registers an event waiter, then sends the command: the event cannot be missed however fast
     * QEMU emits it. Example: {@code sendAndAwaitAsync(new DeviceDel("disk1"), QmpEvents.deviceDeleted("disk1"), ...)}.
     *
     * @param command the command (default timeout)
     * @param matcher the event that completes the operation
     * @param eventTimeout how long to wait for the event, counted from this call
     * @param <R> the reply type
     * @return reply and event; fails if either fails
     */
    public <R> CompletableFuture<QmpReplyAndEvent<R>> sendAndAwaitAsync(QmpCommand<R> command, Predicate<QmpEvent> matcher,
                                                                      Duration eventTimeout) {
        return replyAndEvent(command, matcher, eventTimeout).thenApplyAsync(x -> x, session.callbacks());
    }

    /**
     * Blocking form of {@link #sendAndAwaitAsync}: registers the event waiter, sends the command, waits for both.
     *
     * @param command the command (default timeout)
     * @param matcher the event that completes the operation
     * @param eventTimeout how long to wait for the event
     * @param <R> the reply type
     * @return reply and event
     */
    public <R> QmpReplyAndEvent<R> sendAndAwait(QmpCommand<R> command, Predicate<QmpEvent> matcher, Duration eventTimeout) {
        return Futures.await(replyAndEvent(command, matcher, eventTimeout));
    }

    private <R> CompletableFuture<QmpReplyAndEvent<R>> replyAndEvent(QmpCommand<R> command, Predicate<QmpEvent> matcher,
                                                                   Duration eventTimeout) {
        CompletableFuture<QmpEvent> event = awaitEvent(matcher, eventTimeout);
        CompletableFuture<JsonNode> reply;
        try {
            reply = submit(command, defaultTimeout(command.timeoutClass()));
        } catch (QmpException e) {
            event.cancel(false);
            return CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, t) -> {
            if (t != null) {
                event.cancel(false);
            }
        });
        return reply.thenCombineAsync(event, (r, e) -> new QmpReplyAndEvent<>(command.decode(r), e), session.callbacks());
    }

    private CompletableFuture<JsonNode> submit(QmpCommand<?> command, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<JsonNode> reply;
        try {
            reply = checkAndSubmit(command, timeout);
        } catch (QmpSchemaException e) {
            refused(e);
            throw e;
        }
        return reply.whenComplete((r, t) -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (cause instanceof QmpSchemaException e) {
                refused(e);
            }
        });
    }

    private void refused(QmpSchemaException e) {
        LOG.debug("{}: schema check refused a command: {}", session.peer(), e.getMessage());
        session.schemaCache().ifPresent(c -> c.recordRefusal(e));
    }

    private CompletableFuture<JsonNode> checkAndSubmit(QmpCommand<?> command, Duration timeout) {
        Optional<ObjectNode> args = command.arguments().filter(a -> !a.isEmpty());
        session.schema().ifPresent(s -> s.check(command.name(), args));
        OptionalInt fd = command.fileDescriptor();
        Optional<String> driver = session.schemaCache().flatMap(c -> DeviceAddCheck.driverOf(command.name(), args));
        if (driver.isEmpty()) {
            return session.connection().submit(command.name(), args, fd, timeout);
        }
        CompletableFuture<Set<String>> properties = session.schemaCache().orElseThrow().driverProperties(driver.get(),
                d -> session.connection().submit("device-list-properties",
                        Optional.of(JsonNodeFactory.instance.objectNode().put("typename", d)), OptionalInt.empty(),
                        session.quickTimeout()));
        if (properties.isDone()) {
            // known driver: checked on the caller's thread, sent in order with the caller's other commands
            DeviceAddCheck.check(driver.get(), args.orElseThrow(), properties);
            return session.connection().submit(command.name(), args, fd, timeout);
        }
        return properties.handle((p, t) -> properties)
                .thenCompose(p -> {
                    DeviceAddCheck.check(driver.get(), args.orElseThrow(), p);
                    return session.connection().submit(command.name(), args, fd, timeout);
                });
    }

    /**
     * The default timeout of a class of commands, as configured on the builder.
     *
     * @param timeoutClass the class
     * @return its timeout
     */
    public Duration defaultTimeout(QmpTimeoutClass timeoutClass) {
        return timeoutClass == QmpTimeoutClass.SLOW ? session.slowTimeout() : session.quickTimeout();
    }

    /**
     * {@return whether the connection is still open; false from the moment it failed, was closed or
     * ended, at the latest when pending commands fail with {@link QmpDisconnectedException}}
     */
    public boolean isOpen() {
        return session.connection().isOpen();
    }

    /** {@return a future that completes when the connection ends, for whatever reason (QEMU exit, {@link #close()}, error)} */
    public CompletableFuture<Void> closeFuture() {
        return session.connection().closed().thenApply(cause -> null);
    }

    /**
     * Closes the connection; pending commands fail with {@link QmpDisconnectedException}. Event
     * delivery stops: queued events are discarded and no listener is called once this returns (it
     * waits up to 5 s for listener calls already running on other threads). Releases the event loop
     * group and callback executor the client created (not ones passed to the builder). Idempotent.
     */
    @Override
    public void close() {
        session.events().stopListeners(Duration.ofSeconds(5));
        session.connection().close(new QmpException("the QMP client was closed"));
        session.connection().closed().completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
        session.resources().release();
    }

    /**
     * Configures and opens a {@link QmpClient}. Not thread-safe; reusable.
     */
    public static final class Builder {
        SocketAddress address;
        Duration connectTimeout = Duration.ofSeconds(10);
        boolean oob = true;
        int maxFrameBytes = 32 * 1024 * 1024;
        Duration quickTimeout = Duration.ofSeconds(10);
        Duration slowTimeout = Duration.ofSeconds(60);
        int eventQueueCapacity = 10_000;
        EventLoopGroup eventLoopGroup;
        Executor callbackExecutor;
        boolean schemaCheck;
        QmpSchemaCache schemaCache;

        Builder() {
        }

        /**
         * Connects to QEMU's QMP unix socket ({@code -chardev socket,path=...,server=on}).
         *
         * @param path the socket path
         * @return this builder
         */
        public Builder unixSocket(Path path) {
            this.address = new DomainSocketAddress(path.toString());
            return this;
        }

        /**
         * Connects to QEMU's QMP TCP socket.
         *
         * @param host host name or address
         * @param port port
         * @return this builder
         */
        public Builder tcp(String host, int port) {
            this.address = InetSocketAddress.createUnresolved(host, port);
            return this;
        }

        /**
         * How long to keep retrying a socket that does not accept yet, plus greeting and negotiation.
         * Default 10 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Whether to enable out-of-band execution when QEMU offers it (allows 8 commands in flight).
         * Default true.
         *
         * @param enable whether to ask for OOB
         * @return this builder
         */
        public Builder oob(boolean enable) {
            this.oob = enable;
            return this;
        }

        /**
         * The largest JSON message accepted from QEMU; a bigger one is a protocol error that closes
         * the connection. Default 32 MiB ({@code query-qmp-schema} is about 200 KiB).
         *
         * @param bytes the limit, at least 1024
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * Default timeout of {@link QmpTimeoutClass#QUICK} commands. Default 10 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder quickTimeout(Duration timeout) {
            this.quickTimeout = positive(timeout, "quickTimeout");
            return this;
        }

        /**
         * Default timeout of {@link QmpTimeoutClass#SLOW} commands (device/blockdev/netdev add and
         * del, stop, cont, quit ...). Default 60 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder slowTimeout(Duration timeout) {
            this.slowTimeout = positive(timeout, "slowTimeout");
            return this;
        }

        /**
         * The most events queued for one listener. A listener that falls this many events behind
         * loses the oldest queued one for each new event (a warning is logged when dropping starts;
         * {@link QmpSubscription#droppedEvents()} counts them), so a slow listener can neither exhaust
         * memory nor hold up replies, waiters or other listeners. Default 10,000.
         *
         * @param events the capacity, at least 1
         * @return this builder
         */
        public Builder eventQueueCapacity(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("eventQueueCapacity must be at least 1, got " + events);
            }
            this.eventQueueCapacity = events;
            return this;
        }

        /**
         * Shares an event loop group among clients (one thread serves many QEMUs). The client will
         * not shut it down. Unix sockets need an {@code EpollEventLoopGroup}. By default each client
         * creates a one-thread group and shuts it down on {@link QmpClient#close()}.
         *
         * @param group the group
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * Where listeners run and async futures complete. The client will not shut it down. By
         * default each client uses virtual threads and stops them on close.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Checks every command against the QEMU's QAPI schema before sending it, with a cache of
         * this client's own: {@code query-qmp-schema} is read at connect time, and the first
         * {@code device_add} of each driver reads that driver's {@code device-list-properties}. A
         * wrong command or argument, nested ones included, fails locally with
         * {@link QmpSchemaException}, naming the command and the argument's path. Default off.
         *
         * @param enable whether to check
         * @return this builder
         */
        public Builder schemaCheck(boolean enable) {
            this.schemaCheck = enable;
            this.schemaCache = null;
            return this;
        }

        /**
         * Turns the schema check on with a cache shared by the clients of QEMUs of one binary: the
         * first of them reads the schema (and each driver's properties), the others reuse it.
         *
         * @param cache the cache of this QEMU binary
         * @return this builder
         */
        public Builder schemaCheck(QmpSchemaCache cache) {
            this.schemaCache = Objects.requireNonNull(cache, "cache");
            this.schemaCheck = true;
            return this;
        }

        /**
         * Connects, reads the greeting and negotiates capabilities.
         *
         * @return the client, or a failure ({@link QmpException} subclasses)
         */
        public CompletableFuture<QmpClient> connectAsync() {
            if (address == null) {
                throw new IllegalStateException("set unixSocket(...) or tcp(...) before connecting");
            }
            return SessionOpener.open(this).thenApply(QmpClient::new);
        }

        /**
         * Blocking form of {@link #connectAsync()}.
         *
         * @return the connected client
         */
        public QmpClient connect() {
            return Futures.await(connectAsync());
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
