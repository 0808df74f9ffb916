package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpProtocolException;
import io.jqemu.qmp.internal.ClientResources;
import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.Futures;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.internal.QmpFrameDecoder;
import io.jqemu.qmp.internal.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@link QmpException} hierarchy as QMP. Thread-safe; {@link #close()} releases what the client created.
 */
public final class QgaClient implements AutoCloseable {
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

    /** @return a builder */
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

    /** @return whether the connection is open: false as soon as it failed or was closed */
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
