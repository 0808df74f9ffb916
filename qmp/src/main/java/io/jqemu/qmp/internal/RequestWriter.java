package io.jqemu.qmp.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Writes requests from the calling thread straight to the socket, falling back to Netty's
 * (event-loop) write path when the socket is full or before the direct path is enabled. Callers serialise calls with the connection's
 * lock. The direct path writes to a private duplicate of the socket descriptor, so a concurrent
 * close by Netty can never make it write to a recycled descriptor number.
 */
final class RequestWriter {
    private final Channel channel;
    private final Consumer<Throwable> onError;
    private final AtomicInteger nettyPending = new AtomicInteger();
    private FileDescriptor socket;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(4096);

    RequestWriter(Channel channel, Consumer<Throwable> onError) {
        this.channel = channel;
        this.onError = onError;
    }

    /**
     * Enables the direct path: duplicates the socket descriptor. Must run on the channel's event
     * loop (where Netty closes it) while the connection's lock is held.
     */
    void enableDirectWrites() {
        if (socket == null && channel.isOpen() && channel instanceof UnixChannel unix && unix.fd().isOpen()) {
            NativePosix.ifReady().ifPresent(posix -> {
                int dup = posix.dup(unix.fd().intValue());
                socket = dup >= 0 ? new FileDescriptor(dup) : null;
            });
        }
    }

    /**
     * Writes a request, directly when possible.
     *
     * @param bytes the request
     */
    void write(byte[] bytes) {
        int written = 0;
        if (socket != null && nettyPending.get() == 0) {
            ByteBuffer b = fill(bytes);
            try {
                written = socket.write(b, 0, bytes.length);
            } catch (IOException e) {
                onError.accept(e);
                return;
            }
        }
        if (written < bytes.length) {
            viaNetty(bytes, written);
        }
    }

    /**
     * Writes a request with a file descriptor attached (one sendmsg).
     *
     * @param bytes the request
     * @param fd the descriptor to pass
     * @return false when the socket is busy and the caller should retry later
     */
    boolean writeWithFd(byte[] bytes, int fd) {
        if (socket == null || nettyPending.get() != 0) {
            return false;
        }
        int written;
        try {
            written = FdPassingWriter.send(socket.intValue(), bytes, fd);
        } catch (java.io.UncheckedIOException e) {
            onError.accept(e.getCause());
            return true;
        }
        if (written == FdPassingWriter.AGAIN) {
            return false;
        }
        if (written < bytes.length) {
            viaNetty(bytes, written);
        }
        return true;
    }

    private void viaNetty(byte[] bytes, int offset) {
        nettyPending.incrementAndGet();
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes, offset, bytes.length - offset))
                .addListener((ChannelFutureListener) f -> {
                    nettyPending.decrementAndGet();
                    if (!f.isSuccess()) {
                        onError.accept(f.cause());
                    }
                });
    }

    private ByteBuffer fill(byte[] bytes) {
        if (buffer.capacity() < bytes.length) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes.length, buffer.capacity() * 2));
        }
        buffer.clear();
        buffer.put(bytes).flip();
        return buffer;
    }

    /** Closes the private descriptor; later writes go through Netty (and fail there if the channel is closed). */
    void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                onError.accept(e);
            }
            socket = null;
        }
    }
}
