package io.jqemu.qmp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.qmp.QmpException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Transport choice: epoll on Linux, kqueue only where it loads, NIO (TCP only) otherwise. */
class TransportTest {
    private static final DomainSocketAddress UNIX = new DomainSocketAddress("/run/qmp.sock");
    private static final InetSocketAddress TCP = InetSocketAddress.createUnresolved("127.0.0.1", 4444);

    @Test
    void linuxGetsEpollAndKqueueDoesNotLoad() {
        EventLoopGroup group = Transport.newGroup("transport-test");
        try {
            assertThat(group).isInstanceOf(EpollEventLoopGroup.class);
            assertThat(KQueue.isAvailable()).isFalse();
            assertThat(Transport.channelClass(group, UNIX)).isEqualTo(EpollDomainSocketChannel.class);
            assertThat(Transport.channelClass(group, TCP)).isEqualTo(EpollSocketChannel.class);
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void nioGroupDoesTcpAndRefusesUnixSocketsClearly() {
        NioEventLoopGroup nio = new NioEventLoopGroup(1);
        try {
            assertThat(Transport.channelClass(nio, TCP)).isEqualTo(NioSocketChannel.class);
            assertThatThrownBy(() -> Transport.channelClass(nio, UNIX)).isInstanceOf(QmpException.class)
                    .hasMessageContaining("/run/qmp.sock").hasMessageContaining("use TCP");
        } finally {
            nio.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
