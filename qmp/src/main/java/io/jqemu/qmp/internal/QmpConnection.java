package io.jqemu.qmp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpDisconnectedException;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpGreeting;
import io.jqemu.qmp.QmpProtocolException;
import io.jqemu.qmp.QmpTimeoutException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.DecoderException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one QMP (or guest-agent) connection, as the last handler of its pipeline.
 * Requests carry ids and replies are matched by id; at most {@code maxInFlight} requests are on the
 * wire, the rest wait in order. All mutable state lives on the channel's event loop.
 */
public final class QmpConnection extends SimpleChannelInboundHandler<QmpMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(QmpConnection.class);
    private static final long FD_RETRY_MICROS = 500;

    private final String peer;
    private final EventDispatcher events;
    private final boolean sequentialPeer;
    private final CompletableFuture<QmpGreeting> greeting = new CompletableFuture<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong(1);
    private final ArrayDeque<PendingRequest> queue = new ArrayDeque<>();
    private final Map<Long, PendingRequest> inFlight = new HashMap<>();
    private volatile Channel channel;
    private int maxInFlight = 1;
    private boolean fdWriteBlocked;
    private Throwable failure;

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

    /** @return completes with the greeting (QMP only) */
    public CompletableFuture<QmpGreeting> greeting() {
        return greeting;
    }

    /** @return completes with the reason once the connection has ended */
    public CompletableFuture<Throwable> closed() {
        return closed;
    }

    /** @return the channel (set once active) */
    public Channel channel() {
        return channel;
    }

    /**
     * Sets how many requests may be on the wire at once (1 until OOB is negotiated, then 8).
     *
     * @param limit the new limit
     */
    public void maxInFlight(int limit) {
        channel.eventLoop().execute(() -> {
            maxInFlight = limit;
            pump();
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
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
        long id = ids.getAndIncrement();
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("execute", command);
        arguments.ifPresent(a -> request.set("arguments", a));
        request.put("id", id);
        byte[] bytes;
        try {
            bytes = QmpMessageParser.MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new QmpException("cannot encode QMP command '" + command + "'", e);
        }
        PendingRequest r = new PendingRequest(id, command, request, bytes, fd, timeout);
        Channel ch = channel;
        if (ch.eventLoop().inEventLoop()) {
            enqueue(r);
        } else {
            try {
                ch.eventLoop().execute(() -> enqueue(r));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                r.future.completeExceptionally(disconnected(r, e));
            }
        }
        return r.future;
    }

    private void enqueue(PendingRequest r) {
        if (failure != null) {
            r.future.completeExceptionally(disconnected(r, failure));
            return;
        }
        r.timer = channel.eventLoop().schedule(() -> timeOut(r), r.timeout.toNanos(), TimeUnit.NANOSECONDS);
        queue.add(r);
        pump();
    }

    private void timeOut(PendingRequest r) {
        if (r.future.isDone()) {
            return;
        }
        if (r.sent) {
            // The slot stays taken until QEMU answers: the command is still in QEMU's queue.
            r.future.completeExceptionally(QmpTimeoutException.commandSent(r.command, r.timeout));
        } else {
            queue.remove(r);
            r.future.completeExceptionally(QmpTimeoutException.commandNotSent(r.command, r.timeout));
        }
    }

    private void pump() {
        boolean wrote = false;
        while (!fdWriteBlocked && inFlight.size() < maxInFlight && !queue.isEmpty() && failure == null) {
            PendingRequest r = queue.poll();
            inFlight.put(r.id, r);
            r.sent = true;
            if (r.fd.isPresent()) {
                if (wrote) {
                    channel.flush();
                    wrote = false;
                }
                writeWithFd(r);
            } else {
                channel.write(Unpooled.wrappedBuffer(r.bytes), channel.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void writeWithFd(PendingRequest r) {
        if (!(channel instanceof UnixChannel unix) || !(channel instanceof io.netty.channel.unix.DomainSocketChannel)) {
            inFlight.remove(r.id);
            r.future.completeExceptionally(new QmpException(
                    "QMP command '" + r.command + "' passes a file descriptor, which needs a unix-socket connection"));
            return;
        }
        var outbound = channel.unsafe().outboundBuffer();
        int written = outbound == null || !outbound.isEmpty()
                ? FdPassingWriter.AGAIN
                : sendWithFd(r, unix.fd().intValue());
        if (written == FdPassingWriter.AGAIN) {
            fdWriteBlocked = true;
            channel.flush();
            channel.eventLoop().schedule(() -> {
                fdWriteBlocked = false;
                if (failure == null) {
                    writeWithFd(r);
                    pump();
                }
            }, FD_RETRY_MICROS, TimeUnit.MICROSECONDS);
        } else if (written < r.bytes.length) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(r.bytes, written, r.bytes.length - written),
                    channel.voidPromise());
        }
    }

    private int sendWithFd(PendingRequest r, int socket) {
        try {
            return FdPassingWriter.send(socket, r.bytes, r.fd.getAsInt());
        } catch (UncheckedIOException e) {
            channel.pipeline().fireExceptionCaught(e.getCause());
            return r.bytes.length;
        }
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
        PendingRequest r = id.filter(JsonNode::canConvertToLong).map(i -> inFlight.remove(i.asLong()))
                .orElseGet(() -> id.isEmpty() && sequentialPeer && inFlight.size() == 1
                        ? inFlight.remove(inFlight.keySet().iterator().next()) : null);
        if (r == null) {
            LOG.warn("QMP peer {} sent a reply with an unknown id {}: {}", peer, id.map(JsonNode::toString).orElse("(none)"),
                    error != null ? error.errorClass() + ": " + error.description() : value);
            return;
        }
        if (r.timer != null) {
            r.timer.cancel(false);
        }
        if (r.future.isDone()) {
            LOG.debug("QMP reply for '{}' (id {}) arrived after its timeout", r.command, r.id);
        } else if (error != null) {
            r.future.completeExceptionally(new QmpErrorException(error.errorClass(), error.description(), r.command, r.request));
        } else {
            r.future.complete(value);
        }
        pump();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (failure == null) {
            failure = c;
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
        Throwable cause = failure != null ? failure : new ClosedChannelException();
        if (failure == null) {
            failure = cause;
        }
        if (!greeting.isDone()) {
            greeting.completeExceptionally(new QmpDisconnectedException(
                    "QMP peer " + peer + " closed the connection before its greeting", cause));
        }
        List<PendingRequest> pending = new ArrayList<>(inFlight.values());
        pending.addAll(queue);
        inFlight.clear();
        queue.clear();
        for (PendingRequest r : pending) {
            if (r.timer != null) {
                r.timer.cancel(false);
            }
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
        ch.eventLoop().execute(() -> {
            if (failure == null) {
                failure = reason;
            }
            ch.close();
        });
    }
}
