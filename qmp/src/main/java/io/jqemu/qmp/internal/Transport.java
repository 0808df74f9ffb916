package io.jqemu.qmp.internal;

import io.jqemu.qmp.QmpException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueEventLoopGroup;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Chooses Netty's transport (native epoll on Linux, kqueue on macOS where its native library loads, NIO
 * elsewhere, TCP only) and connects with retries:
 * QEMU creates its monitor socket a few milliseconds after it starts, so refused or missing sockets
 * are retried until the connect timeout.
 */
public final class Transport {
    private static final long RETRY_MILLIS = 10;
    private static final ChannelInitializer<Channel> NO_HANDLERS_YET = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            // handlers are installed once the connection succeeds
        }
    };

    private Transport() {
    }

    /**
     * Creates a one-thread event loop group of the best available kind, with daemon threads.
     *
     * @param name thread name prefix
     * @return the group; its owner must shut it down
     */
    public static EventLoopGroup newGroup(String name) {
        DefaultThreadFactory threads = new DefaultThreadFactory(name, true);
        if (Epoll.isAvailable()) {
            return new EpollEventLoopGroup(1, threads);
        }
        if (KQueue.isAvailable()) {
            return new KQueueEventLoopGroup(1, threads);
        }
        return new NioEventLoopGroup(1, threads);
    }

    static Class<? extends Channel> channelClass(EventLoopGroup group, SocketAddress address) {
        boolean unix = address instanceof DomainSocketAddress;
        if (group instanceof EpollEventLoopGroup) {
            return unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
        }
        if (group instanceof KQueueEventLoopGroup) {
            return unix ? KQueueDomainSocketChannel.class : KQueueSocketChannel.class;
        }
        if (unix) {
            throw new QmpException("unix-socket QMP connections need Netty's native transport (epoll on Linux, kqueue "
                    + "on macOS) and a matching event loop group; " + group.getClass().getSimpleName()
                    + " cannot connect to " + address + ": use TCP");
        }
        return NioSocketChannel.class;
    }

    /**
     * Connects, retrying until {@code timeout} has passed.
     *
     * @param group the event loop group
     * @param address a {@link DomainSocketAddress} or an {@link java.net.InetSocketAddress}
     * @param install adds the protocol handlers to the connected channel's pipeline (on its event loop,
     *     before the first byte is read)
     * @param timeout the overall connect deadline
     * @return the connected channel
     */
    public static CompletableFuture<Channel> connect(EventLoopGroup group, SocketAddress address,
                                                     Consumer<ChannelPipeline> install, Duration timeout) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelClass(group, address))
                .handler(NO_HANDLERS_YET)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE)));
        CompletableFuture<Channel> result = new CompletableFuture<>();
        attempt(bootstrap, address, System.nanoTime() + timeout.toNanos(), timeout, install, result);
        return result;
    }

    private static void attempt(Bootstrap bootstrap, SocketAddress address, long deadline, Duration timeout,
                                Consumer<ChannelPipeline> install, CompletableFuture<Channel> result) {
        bootstrap.connect(address).addListener((io.netty.channel.ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                try {
                    install.accept(f.channel().pipeline());
                } catch (RuntimeException e) {
                    f.channel().close();
                    result.completeExceptionally(e);
                    return;
                }
                f.channel().config().setAutoRead(true);
                result.complete(f.channel());
            } else if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) >= deadline) {
                result.completeExceptionally(new QmpException("could not connect to " + address + " within "
                        + timeout.toMillis() + " ms: " + f.cause().getMessage(), f.cause()));
            } else {
                f.channel().eventLoop().schedule(() -> attempt(bootstrap, address, deadline, timeout, install, result),
                        RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }
}
