package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpDisconnectedException;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpProtocolException;
import io.jqemu.qmp.QmpTimeoutException;
import io.jqemu.qmp.internal.ClientResources;
import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.Futures;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.internal.QmpFrameDecoder;
import io.jqemu.qmp.internal.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client for the QEMU guest agent (qemu-ga), on the same codec as QMP. The agent has no greeting:
 * the session starts (and can be restarted with {@link #sync()}) with the
 * {@code guest-sync-delimited} handshake: the client sends a 0xFF byte to reset the agent's parser,
 * then the command with a random number; the agent answers with a 0xFF sentinel followed by the same
 * number, and everything received before the sentinel (stale replies) is discarded.
 *
 * <p>Typically the agent is reached through a unix-socket chardev of a virtio-serial port named
 * {@code org.qemu.guest_agent.0}. Commands run one at a time; errors are the same
 * {@link QmpException} hierarchy as QMP. The common commands have typed methods ({@link #ping()},
 * {@link #info()}, {@link #osInfo()}, {@link #networkInterfaces()}, {@link #fsFreeze()},
 * {@link #fsThaw()}, {@link #fsFreezeStatus()}, {@link #shutdown}); {@link #execute} runs any other.
 * Thread-safe; {@link #close()} releases what the client created.
 */
public final class QgaClient implements AutoCloseable {
    /** How long {@link #shutdown} waits for an error reply before it takes the agent's silence as success. */
    public static final Duration DEFAULT_SHUTDOWN_ERROR_WINDOW = Duration.ofSeconds(5);
    private static final byte[] RESET = {(byte) 0xFF};

    private final String peer;
    private final QmpConnection connection;
    private final QmpFrameDecoder decoder;
    private final ClientResources resources;
    private final Duration commandTimeout;
    private final Duration syncTimeout;

    private QgaClient(String peer, QmpConnection connection, QmpFrameDecoder decoder, ClientResources resources,
                      Duration commandTimeout, Duration syncTimeout) {
        this.peer = peer;
        this.connection = connection;
        this.decoder = decoder;
        this.resources = resources;
        this.commandTimeout = commandTimeout;
        this.syncTimeout = syncTimeout;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the {@code guest-sync-delimited} handshake again, discarding any stale reply (use after a
     * timeout, or when the guest rebooted).
     *
     * @return completes when the agent answered with the expected number
     */
    public CompletableFuture<Void> syncAsync() {
        long token = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        CompletableFuture<Void> armed = new CompletableFuture<>();
        connection.channel().eventLoop().execute(() -> {
            decoder.awaitSentinel();
            armed.complete(null);
        });
        return armed.thenCompose(x -> {
            connection.writeRaw(RESET);
            return connection.submit("guest-sync-delimited",
                    Optional.of(JsonNodeFactory.instance.objectNode().put("id", token)), OptionalInt.empty(), syncTimeout);
        }).thenApply(r -> {
            if (r.asLong() != token) {
                throw new QmpProtocolException("guest agent at " + peer + " answered guest-sync-delimited with " + r
                        + " instead of " + token);
            }
            // every reply the agent sent before this one was discarded with the bytes before its sentinel
            connection.forgetRetiredIds();
            return null;
        });
    }

    /** Blocking form of {@link #syncAsync()}. */
    public void sync() {
        Futures.await(syncAsync());
    }

    /**
     * Runs an agent command.
     *
     * @param command e.g. {@code guest-ping}, {@code guest-info}, {@code guest-network-get-interfaces}
     * @param arguments its arguments (an empty object sends none)
     * @param timeout time allowed
     * @return the {@code return} member
     */
    public CompletableFuture<JsonNode> executeAsync(String command, ObjectNode arguments, Duration timeout) {
        Objects.requireNonNull(arguments, "arguments");
        return connection.submit(command, Optional.of(arguments).filter(a -> !a.isEmpty()), OptionalInt.empty(), timeout)
                .thenApplyAsync(r -> r, resources.callbacks());
    }

    /**
     * Runs an agent command without arguments and waits (default command timeout).
     *
     * @param command the command
     * @return the {@code return} member
     */
    public JsonNode execute(String command) {
        return execute(command, JsonNodeFactory.instance.objectNode());
    }

    /**
     * Runs an agent command and waits (default command timeout).
     *
     * @param command the command
     * @param arguments its arguments
     * @return the {@code return} member
     */
    public JsonNode execute(String command, ObjectNode arguments) {
        return Futures.await(connection.submit(command, Optional.of(arguments).filter(a -> !a.isEmpty()),
                OptionalInt.empty(), commandTimeout));
    }

    /** Checks the agent answers ({@code guest-ping}). */
    public void ping() {
        execute("guest-ping");
    }

    /** {@return the agent's version and the commands it knows ({@code guest-info})} */
    public GuestAgentInfo info() {
        return GuestAgentInfo.from(execute("guest-info"));
    }

    /** {@return the guest's kernel and OS release ({@code guest-get-osinfo})} */
    public GuestOsInfo osInfo() {
        return GuestOsInfo.from(execute("guest-get-osinfo"));
    }

    /** {@return the guest's network interfaces with their MAC and IP addresses ({@code guest-network-get-interfaces})} */
    public List<GuestNetworkInterface> networkInterfaces() {
        return AgentJson.list(execute("guest-network-get-interfaces"), GuestNetworkInterface::from);
    }

    /**
     * Freezes the guest's file systems ({@code guest-fsfreeze-freeze}): their writes block until
     * {@link #fsThaw()}, e.g. for a consistent disk snapshot. Until then the agent refuses most
     * other commands. File systems that cannot be frozen (pseudo file systems, network mounts) are
     * skipped.
     *
     * @return how many file systems were frozen
     */
    public int fsFreeze() {
        return Math.toIntExact(AgentJson.integer(execute("guest-fsfreeze-freeze"), "of guest-fsfreeze-freeze"));
    }

    /**
     * Thaws what {@link #fsFreeze()} froze ({@code guest-fsfreeze-thaw}).
     *
     * @return how many file systems were thawed
     */
    public int fsThaw() {
        return Math.toIntExact(AgentJson.integer(execute("guest-fsfreeze-thaw"), "of guest-fsfreeze-thaw"));
    }

    /** {@return whether the agent holds the guest's file systems frozen ({@code guest-fsfreeze-status})} */
    public FsFreezeStatus fsFreezeStatus() {
        return FsFreezeStatus.from(execute("guest-fsfreeze-status"));
    }

    /**
     * {@link #shutdownAsync} with {@link #DEFAULT_SHUTDOWN_ERROR_WINDOW}, waiting for its outcome.
     *
     * @param mode power off, reboot or halt
     * @throws io.jqemu.qmp.QmpErrorException when the agent reports that it could not start the shutdown
     */
    public void shutdown(GuestShutdownMode mode) {
        Futures.await(shutdownAsync(mode, DEFAULT_SHUTDOWN_ERROR_WINDOW));
    }

    /**
     * Asks the guest to shut down ({@code guest-shutdown}). The agent answers this command only when
     * it fails (it runs the guest's {@code /sbin/shutdown} and reports an error when that cannot run
     * or exits non-zero); on success it sends nothing and the guest goes down. So the handshake runs
     * first (the agent is known to be listening), and then the command counts as accepted when the
     * connection ends (the guest powered off and QEMU exited) or when no error arrived within
     * {@code errorWindow}. Whether the guest really powered off is QEMU's to say: its
     * {@code SHUTDOWN} event (reason {@code guest-shutdown}) or its exit. After a reboot, run
     * {@link #sync()} before the next command.
     *
     * @param mode power off, reboot or halt
     * @param errorWindow how long to wait for an error reply before taking the silence as success
     * @return completes when the command was accepted; fails with {@link io.jqemu.qmp.QmpErrorException}
     *     when the agent reported an error, or with the handshake's failure when the agent did not answer
     */
    public CompletableFuture<Void> shutdownAsync(GuestShutdownMode mode, Duration errorWindow) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(errorWindow, "errorWindow");
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("mode", mode.value());
        return syncAsync()
                .thenCompose(synced -> {
                    if (!connection.isOpen()) {
                        throw new QmpDisconnectedException("connection to the guest agent at " + peer
                                + " ended before guest-shutdown was sent", new ClosedChannelException());
                    }
                    return connection.submit("guest-shutdown", Optional.of(arguments), OptionalInt.empty(), errorWindow)
                            .handle(QgaClient::silenceIsSuccess);
                })
                .thenApplyAsync(x -> x, resources.callbacks());
    }

    /** An error reply fails {@code guest-shutdown}; no reply in time, or the end of the connection, is its success. */
    private static Void silenceIsSuccess(JsonNode reply, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null || cause instanceof QmpTimeoutException || cause instanceof QmpDisconnectedException) {
            return null;
        }
        throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    /** {@return whether the connection is open: false as soon as it failed or was closed} */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Closes the connection and releases the event loop group and executor the client created. */
    @Override
    public void close() {
        connection.close(new QmpException("the guest agent client was closed"));
        connection.closed().completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
        resources.release();
    }

    /** Configures and opens a {@link QgaClient}. */
    public static final class Builder {
        private Path socket;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration syncTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(30);
        private int maxFrameBytes = 16 * 1024 * 1024;
        private EventLoopGroup group;
        private java.util.concurrent.Executor callbacks;

        private Builder() {
        }

        /**
         * The host side of the agent's chardev ({@code -chardev socket,path=...,server=on,wait=off}).
         *
         * @param path socket path
         * @return this builder
         */
        public Builder unixSocket(Path path) {
            this.socket = path;
            return this;
        }

        /**
         * How long to retry connecting. Default 10 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * How long the agent may take to answer the handshake (no agent running means no answer). Default 5 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder syncTimeout(Duration timeout) {
            this.syncTimeout = timeout;
            return this;
        }

        /**
         * Default timeout of {@link QgaClient#execute}. Default 30 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * Largest reply accepted. Default 16 MiB.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * Shares an event loop group (not shut down by the client).
         *
         * @param shared the group
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup shared) {
            this.group = shared;
            return this;
        }

        /**
         * Where async futures complete (not shut down by the client). Default: virtual threads.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder callbackExecutor(java.util.concurrent.Executor executor) {
            this.callbacks = executor;
            return this;
        }

        /**
         * Connects and runs the handshake.
         *
         * @return the client
         */
        public CompletableFuture<QgaClient> connectAsync() {
            Objects.requireNonNull(socket, "unixSocket");
            String peer = socket.toString();
            ClientResources resources = ClientResources.create(group, callbacks, "qga");
            // the agent sends no events
            EventDispatcher events = new EventDispatcher("QGA " + peer, resources.callbacks(), 1);
            QmpConnection connection = new QmpConnection(peer, events, true);
            connection.closed().whenComplete((cause, error) -> resources.releaseGroup());
            QmpFrameDecoder decoder = new QmpFrameDecoder(maxFrameBytes);
            QgaClient client = new QgaClient(peer, connection, decoder, resources, commandTimeout, syncTimeout);
            return Transport.connect(resources.group(), new DomainSocketAddress(peer),
                            p -> p.addLast(decoder, connection), connectTimeout)
                    .thenCompose(ch -> client.syncAsync())
                    .handle((ok, t) -> {
                        if (t == null) {
                            return client;
                        }
                        connection.close(t);
                        resources.release();
                        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                        throw c instanceof QmpException q ? q
                                : new QmpException("could not open a guest agent session with " + peer, c);
                    });
        }

        /**
         * Blocking form of {@link #connectAsync()}.
         *
         * @return the client
         */
        public QgaClient connect() {
            return Futures.await(connectAsync());
        }
    }
}
