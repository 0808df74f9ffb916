package io.jqemu.qmp.internal;

import io.netty.channel.EventLoopGroup;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The event loop group and callback executor of one client: either passed in by the caller (never
 * shut down here) or the JVM's shared group ({@link SharedEventLoop}, let go of once the connection
 * has ended or the client is closed) and virtual-thread callbacks created for the client (shut down
 * by {@link #release()}).
 */
public final class ClientResources {
    private final EventLoopGroup group;
    private final Executor callbacks;
    private final boolean sharedGroup;
    private final Optional<ExecutorService> ownedCallbacks;
    private final AtomicBoolean groupReleased = new AtomicBoolean();

    private ClientResources(EventLoopGroup group, Executor callbacks, boolean sharedGroup,
                            Optional<ExecutorService> ownedCallbacks) {
        this.group = group;
        this.callbacks = callbacks;
        this.sharedGroup = sharedGroup;
        this.ownedCallbacks = ownedCallbacks;
    }

    /**
     * Uses the given group and executor, taking the shared group or creating the executor when missing.
     *
     * @param callerGroup a caller's group, or null to use the JVM's shared one
     * @param callerCallbacks a caller's executor, or null to use virtual threads
     * @param name thread name prefix of the callback threads
     * @return the resources
     */
    public static ClientResources create(EventLoopGroup callerGroup, Executor callerCallbacks, String name) {
        Optional<ExecutorService> ownedCallbacks = callerCallbacks == null
                ? Optional.of(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-callback-", 0).factory()))
                : Optional.empty();
        return new ClientResources(callerGroup != null ? callerGroup : SharedEventLoop.acquire(),
                callerCallbacks != null ? callerCallbacks : ownedCallbacks.orElseThrow(), callerGroup == null,
                ownedCallbacks);
    }

    /** {@return the event loop group} */
    public EventLoopGroup group() {
        return group;
    }

    /** {@return where listeners run and async futures complete} */
    public Executor callbacks() {
        return callbacks;
    }

    /** Lets go of the shared group once the connection has ended (events already read are still delivered). Idempotent. */
    public void releaseGroup() {
        if (sharedGroup && groupReleased.compareAndSet(false, true)) {
            SharedEventLoop.release(group);
        }
    }

    /** Lets go of the shared group and shuts down the callback executor the client created. Idempotent. */
    public void release() {
        releaseGroup();
        ownedCallbacks.ifPresent(ExecutorService::shutdown);
    }
}
