package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import io.netty.channel.epoll.EpollEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() releases what the client created and leaves shared resources to their owner. */
@RequiresQemu
class ResourceReleaseTest {

    @Test
    void theSharedEventLoopThreadEndsAfterTheLastClientCloses() throws Exception {
        try (PausedQemu qemu = PausedQemu.start()) {
            awaitEventLoopThreads(0);
            QmpClient first = TestClients.first(qemu).connect();
            QmpClient second = TestClients.second(qemu).connect();
            assertThat(eventLoopThreads()).isEqualTo(1);
            first.close();
            assertThat(second.sendAsync(new QueryStatus())).succeedsWithin(Duration.ofSeconds(5));
            second.close();
            awaitEventLoopThreads(0);
            assertThat(eventLoopThreads()).isZero();
            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isFalse();
        }
    }

    @Test
    void theSharedEventLoopIsLetGoOfWhenQemuEndsTheConnection() throws Exception {
        awaitEventLoopThreads(0);
        QmpClient client;
        try (PausedQemu qemu = PausedQemu.start()) {
            client = TestClients.first(qemu).connect();
            assertThat(eventLoopThreads()).isEqualTo(1);
        }
        assertThat(client.closeFuture()).succeedsWithin(Duration.ofSeconds(10));
        awaitEventLoopThreads(0);
        assertThat(eventLoopThreads()).isZero();
        client.close();
    }

    private static void awaitEventLoopThreads(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (eventLoopThreads() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void sharedGroupAndExecutorSurviveClose() {
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try (PausedQemu qemu = PausedQemu.start()) {
            for (int i = 0; i < 2; i++) {
                try (QmpClient client = TestClients.first(qemu).eventLoopGroup(group).callbackExecutor(callbacks).connect()) {
                    assertThat(client.sendAsync(new QueryStatus())).succeedsWithin(Duration.ofSeconds(5));
                }
            }
            assertThat(group.isShuttingDown()).isFalse();
            assertThat(callbacks.isShutdown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            callbacks.shutdown();
        }
    }

    private static long eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("qmp-") && !t.getName().startsWith("qmp-timeouts"))
                .count();
    }
}
