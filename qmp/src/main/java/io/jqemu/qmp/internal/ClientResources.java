package io.jqemu.qmp.internal;

import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The event loop group and callback executor of one client: either passed in by the caller (shared,
 * never shut down here) or created for the client (owned, released by {@link #release()}).
 *
 * @param group the event loop group
 * @param callbacks where listeners run and async futures complete
 * @param ownedGroup the group, when the client created it
 * @param ownedCallbacks the executor, when the client created it
 */
public record ClientResources(EventLoopGroup group, Executor callbacks, Optional<EventLoopGroup> ownedGroup,
                              Optional<ExecutorService> ownedCallbacks) {

    /**
     * Uses the given group and executor, creating the missing ones.
     *
     * @param sharedGroup a caller's group, or null to create a one-thread group
     * @param sharedCallbacks a caller's executor, or null to use virtual threads
     * @param name thread name prefix
     * @return the resources
     */
    public static ClientResources create(EventLoopGroup sharedGroup, Executor sharedCallbacks, String name) {
        Optional<EventLoopGroup> ownedGroup = sharedGroup == null ? Optional.of(Transport.newGroup(name)) : Optional.empty();
        Optional<ExecutorService> ownedCallbacks = sharedCallbacks == null
                ? Optional.of(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-callback-", 0).factory()))
                : Optional.empty();
        return new ClientResources(ownedGroup.orElse(sharedGroup),
                sharedCallbacks != null ? sharedCallbacks : ownedCallbacks.orElseThrow(), ownedGroup, ownedCallbacks);
    }

    /** Shuts down what the client created; waits up to 5 s for the group unless called on one of its threads. */
    public void release() {
        ownedGroup.ifPresent(g -> {
            if (!g.isShuttingDown()) {
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            if (!g.next().inEventLoop()) {
                g.terminationFuture().awaitUninterruptibly(5_000);
            }
        });
        ownedCallbacks.ifPresent(ExecutorService::shutdown);
    }
}
