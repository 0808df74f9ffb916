package io.jqemu.qmp;

import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.schema.QmpSchema;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Everything a {@link QmpClient} holds once its session is open; owned resources are released once. */
record QmpSession(String peer, QmpConnection connection, EventDispatcher events, QmpGreeting greeting, boolean oob,
                  Optional<QmpSchema> schema, Duration quickTimeout, Duration slowTimeout, Executor callbacks,
                  Optional<EventLoopGroup> ownedGroup, Optional<ExecutorService> ownedCallbacks) {

    Channel channel() {
        return connection.channel();
    }

    void releaseOwned() {
        ownedGroup.ifPresent(QmpSession::shutDown);
        ownedCallbacks.ifPresent(ExecutorService::shutdown);
    }

    static void shutDown(EventLoopGroup group) {
        if (!group.isShuttingDown()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (!group.next().inEventLoop()) {
            group.terminationFuture().awaitUninterruptibly(5_000);
        }
    }
}
