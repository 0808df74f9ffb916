package io.jqemu.qmp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpDisconnectedException;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpGreeting;
import io.jqemu.qmp.QmpProtocolException;
import io.jqemu.qmp.QmpTimeoutException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one QMP (or guest-agent) connection, as the last handler of its pipeline.
 * Requests carry ids and replies are matched by id; at most {@code maxInFlight} live requests are on
 * the wire, the rest wait in order.
 *
 * <p>A sent request that times out gives its slot back at once, and its id is <em>retired</em>: no
 * new request gets it until the late reply arrives (that reply is logged and dropped, and frees the
 * id). So a lost reply cannot wedge the connection, and a late reply can never complete a newer
 * request. QEMU itself stops reading its socket while its own request queue is full, so requests
 * sent while timed-out ones still occupy that queue wait in the socket; they are not lost.
 *
 * <p>Threading: the request state is guarded by one lock. A request is written by whichever thread
 * makes room for it (the caller, or the event loop when a reply or a timeout frees a slot) through a
 * {@link RequestWriter}, so a blocking round trip needs no hand-off to the event loop on the way out.
 * Replies and events are read on the event loop.
 */
public final class QmpConnection extends SimpleChannelInboundHandler<QmpMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(QmpConnection.class);
    private static final long FD_RETRY_MICROS = 500;

    private final String peer;
    private final EventDispatcher events;
    private final boolean sequentialPeer;
    private final CompletableFuture<QmpGreeting> greeting = new CompletableFuture<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private final Object lock = new Object();
    private final ArrayDeque<PendingRequest> queue = new ArrayDeque<>();
    private final Map<Long, PendingRequest> inFlight = new HashMap<>();
    /** Ids of sent requests that timed out, until their late reply arrives: the command's name by id. */
    private final Map<Long, String> retired = new HashMap<>();
    private volatile Channel channel;
    private RequestWriter writer;
    private int maxInFlight = 1;
    private boolean fdRetryPending;
    private volatile Throwable failure;

    /**
     * Creates the handler.
     *
     * @param peer a name for the peer, for messages (socket path or host:port)
     * @param events where events go
     * @param sequentialPeer true for the guest agent: a reply without id answers the one request in flight
     */
    public QmpConnection(String peer, EventDispatcher events, boolean sequentialPeer) {
        this.peer = peer;
        this.events = events;
        this.sequentialPeer = sequentialPeer;
    }

    /** {@return a future that completes with the greeting (QMP only)} */
    public CompletableFuture<QmpGreeting> greeting() {
        return greeting;
    }

    /** {@return a future that completes with the reason once the connection has ended} */
    public CompletableFuture<Throwable> closed() {
        return closed;
    }

    /** {@return the channel (set once the handler is installed)} */
    public Channel channel() {
        return channel;
    }

    /**
     * Sets how many requests may be on the wire at once (1 until OOB is negotiated, then 8).
     *
     * @param limit the new limit
     */
    public void maxInFlight(int limit) {
        synchronized (lock) {
            maxInFlight = limit;
            pumpLocked();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        synchronized (lock) {
            writer = new RequestWriter(ctx.channel(), this::writeFailed);
        }
        NativePosix.whenReady(posix -> ctx.channel().eventLoop().execute(() -> {
            synchronized (lock) {
                writer.enableDirectWrites();
            }
        }));
    }

    /**
     * Queues a command. Callable from any thread.
     *
     * @param command the command name
     * @param arguments its arguments
     * @param fd a descriptor to pass with it
     * @param timeout time allowed, queueing included
     * @return the future of the {@code return} value
     */
    public CompletableFuture<JsonNode> submit(String command, Optional<ObjectNode> arguments, OptionalInt fd,
                                              Duration timeout) {
        PendingRequest r = new PendingRequest(command, arguments, RequestEncoder.head(command, arguments), fd, timeout);
        synchronized (lock) {
            if (failure != null) {
                r.future.completeExceptionally(disconnected(r, failure));
                return r.future;
            }
            r.timer = Timeouts.after(timeout, () -> timeOut(r));
            queue.add(r);
            pumpLocked();
        }
        return r.future;
    }

    /**
     * Writes bytes that are not a command (the guest agent's 0xFF resynchronisation byte), in order
     * with the commands already sent.
     *
     * @param bytes the bytes
     */
    public void writeRaw(byte[] bytes) {
        synchronized (lock) {
            writer.write(bytes);
        }
    }

    private void timeOut(PendingRequest r) {
        synchronized (lock) {
            if (r.future.isDone()) {
                return;
            }
            if (r.sent) {
                if (!inFlight.remove(r.id, r)) {
                    return; // its reply (or the end of the connection) claimed it first
                }
                retired.put(r.id, r.command);
                try {
                    // the freed slot is filled on the event loop, not on the process-wide timer thread
                    channel.eventLoop().execute(this::pump);
                } catch (RejectedExecutionException e) {
                    LOG.debug("event loop of QMP connection to {} is shut down; nothing more to send", peer);
                }
            } else {
                queue.remove(r);
            }
        }
        r.future.completeExceptionally(r.sent
                ? QmpTimeoutException.commandSent(r.command, r.timeout)
                : QmpTimeoutException.commandNotSent(r.command, r.timeout));
    }

    private void pumpLocked() {
        while (!fdRetryPending && failure == null && inFlight.size() < maxInFlight && !queue.isEmpty()) {
            PendingRequest r = queue.poll();
            if (r.fd.isPresent() && !(channel instanceof DomainSocketChannel)) {
                r.future.completeExceptionally(new QmpException("QMP command '" + r.command
                        + "' passes a file descriptor, which needs a unix-socket connection"));
                continue;
            }
            // In flight before the write: a write failure closes the channel at once (possibly on
            // this thread), and closing fails everything in flight.
            r.id = freeId();
            inFlight.put(r.id, r);
            r.sent = true;
            byte[] bytes = RequestEncoder.withId(r.head, r.id);
            if (r.fd.isEmpty()) {
                writer.write(bytes);
            } else if (!writer.writeWithFd(bytes, r.fd.getAsInt())) {
                inFlight.remove(r.id);
                r.sent = false;
                queue.addFirst(r);
                fdRetryPending = true;
                channel.eventLoop().schedule(this::retryFdWrite, FD_RETRY_MICROS, TimeUnit.MICROSECONDS);
                return;
            }
        }
    }

    /**
     * The smallest id neither a request in flight nor a retired (timed-out) request holds. Ids stay
     * one or two digits long: QEMU's monitor reads a request one byte per main-loop iteration (a few
     * microseconds each on a small machine), so a counter's ever-longer ids would add tens of
     * microseconds to every round trip. Reuse is safe: an id is freed only when its reply arrives (a
     * timed-out request's id stays retired until QEMU answers it), so a reply always names the one
     * request holding that id.
     */
    private long freeId() {
        long id = 0;
        while (inFlight.containsKey(id) || retired.containsKey(id)) {
            id++;
        }
        return id;
    }

    /**
     * Frees the ids of timed-out requests whose late replies can no longer arrive (the guest agent's
     * {@code guest-sync-delimited} handshake discards every reply sent before it).
     */
    public void forgetRetiredIds() {
        synchronized (lock) {
            retired.clear();
        }
    }

    /** {@return whether a command can still be sent: false once the connection has failed, was closed, or ended} */
    public boolean isOpen() {
        return failure == null && !closed.isDone();
    }

    private void pump() {
        synchronized (lock) {
            pumpLocked();
        }
    }

    private void retryFdWrite() {
        synchronized (lock) {
            fdRetryPending = false;
            pumpLocked();
        }
    }

    private void writeFailed(Throwable cause) {
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
        }
        LOG.debug("write to QMP peer {} failed", peer, cause);
        channel.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, QmpMessage msg) {
        switch (msg) {
            case QmpMessage.Greeting g -> greeting.complete(g.greeting());
            case QmpMessage.Event e -> events.onEvent(e.event());
            case QmpMessage.Return r -> complete(r.id(), r.value(), null);
            case QmpMessage.Error e -> complete(e.id(), null, e);
        }
    }

    private void complete(Optional<JsonNode> id, JsonNode value, QmpMessage.Error error) {
        PendingRequest r;
        String late = null;
        synchronized (lock) {
            Optional<Long> key = id.filter(JsonNode::canConvertToLong).map(JsonNode::asLong);
            r = key.map(inFlight::remove)
                    .orElseGet(() -> id.isEmpty() && sequentialPeer && inFlight.size() == 1 && retired.isEmpty()
                            ? inFlight.remove(inFlight.keySet().iterator().next()) : null);
            if (r != null) {
                pumpLocked();
            } else if (key.isPresent()) {
                late = retired.remove(key.get());
            }
        }
        if (late != null) {
            LOG.debug("QMP peer {} answered '{}' (id {}) after its timeout; reply dropped: {}", peer, late,
                    id.get(), error != null ? error.errorClass() + ": " + error.description() : value);
            return;
        }
        if (r == null) {
            LOG.warn("QMP peer {} sent a reply with an unknown id {}: {}", peer,
                    id.map(JsonNode::toString).orElse("(none)"),
                    error != null ? error.errorClass() + ": " + error.description() : value);
            return;
        }
        r.timer.cancel();
        if (error != null) {
            r.future.completeExceptionally(new QmpErrorException(error.errorClass(), error.description(), r.command,
                    r.request()));
        } else {
            r.future.complete(value);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        synchronized (lock) {
            if (failure == null) {
                failure = c;
            }
        }
        if (c instanceof QmpProtocolException) {
            LOG.warn("QMP peer {} violated the protocol: {}", peer, c.getMessage());
        } else {
            LOG.debug("QMP connection to {} failed", peer, c);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Throwable cause;
        List<PendingRequest> pending;
        synchronized (lock) {
            if (failure == null) {
                failure = new ClosedChannelException();
            }
            cause = failure;
            pending = new ArrayList<>(inFlight.values());
            pending.addAll(queue);
            inFlight.clear();
            retired.clear();
            queue.clear();
            if (writer != null) {
                writer.close();
            }
        }
        if (!greeting.isDone()) {
            greeting.completeExceptionally(new QmpDisconnectedException(
                    "QMP peer " + peer + " closed the connection before its greeting", cause));
        }
        for (PendingRequest r : pending) {
            r.timer.cancel();
            if (r.isQuit() && r.sent) {
                r.future.complete(JsonNodeFactory.instance.objectNode());
            } else {
                r.future.completeExceptionally(disconnected(r, cause));
            }
        }
        events.close(new QmpDisconnectedException("connection to QEMU at " + peer + " ended", cause));
        closed.complete(cause);
        ctx.fireChannelInactive();
    }

    private QmpDisconnectedException disconnected(PendingRequest r, Throwable cause) {
        return new QmpDisconnectedException("connection to QEMU at " + peer + " ended before the reply to '"
                + r.command + "'" + (r.sent ? " (the command was sent and may have run)" : " (the command was not sent)"),
                cause);
    }

    /**
     * Closes the connection locally; pending commands fail with {@link QmpDisconnectedException}.
     *
     * @param reason why, as the cause of those failures
     */
    public void close(Throwable reason) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        synchronized (lock) {
            if (failure == null) {
                failure = reason;
            }
        }
        ch.close();
    }
}
