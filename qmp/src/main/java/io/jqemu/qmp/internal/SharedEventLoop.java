package io.jqemu.qmp.internal;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * The one-thread event loop group that every QMP and guest-agent client of the JVM shares when the
 * caller passes none. The first client creates it; once the last one has let go of it, it lingers
 * for {@value #LINGER_MILLIS} ms (a client opened right after one closed, as in a launch loop, does
 * not pay for a new group and thread) and is then shut down, so an idle JVM keeps no event loop
 * thread. The thread is a daemon: it never keeps the JVM alive.
 */
final class SharedEventLoop {
    private static final String THREAD_NAME = "qmp-shared";
    private static final long LINGER_MILLIS = 1000;
    private static EventLoopGroup group;
    private static int users;
    private static long lastRelease;

    private SharedEventLoop() {
    }

    /** {@return the shared group, created when there is none}; pair with {@link #release}. */
    static synchronized EventLoopGroup acquire() {
        if (group == null) {
            group = Transport.newGroup(THREAD_NAME);
        }
        users++;
        return group;
    }

    /**
     * Lets go of a group taken with {@link #acquire()}; after the last user the group is shut down
     * unless a new user takes it within the linger time.
     *
     * @param held the group the caller acquired
     */
    static synchronized void release(EventLoopGroup held) {
        if (held != group || --users > 0) {
            return;
        }
        lastRelease = System.nanoTime();
        held.schedule(SharedEventLoop::shutDownIfUnused, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void shutDownIfUnused() {
        EventLoopGroup idle;
        synchronized (SharedEventLoop.class) {
            // a later release scheduled its own check
            if (users > 0 || group == null
                    || System.nanoTime() - lastRelease < TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS)) {
                return;
            }
            idle = group;
            group = null;
        }
        idle.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
