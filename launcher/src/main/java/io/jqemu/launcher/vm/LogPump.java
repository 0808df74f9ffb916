package io.jqemu.launcher.vm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one thread of the JVM that reads every followed QEMU log ({@link LogTail}): it polls them
 * all every {@value #POLL_MILLIS} ms while at least one is followed, and ends with the last one.
 */
final class LogPump {
    private static final long POLL_MILLIS = 20;
    private static final LogPump INSTANCE = new LogPump();

    private final Set<LogTail> tails = ConcurrentHashMap.newKeySet();
    private boolean running;

    private LogPump() {
    }

    static LogPump instance() {
        return INSTANCE;
    }

    synchronized void add(LogTail tail) {
        tails.add(tail);
        if (!running) {
            running = true;
            Thread.ofPlatform().daemon().name("jqemu-log-pump").start(this::run);
        }
    }

    void remove(LogTail tail) {
        tails.remove(tail);
    }

    /** How many logs are followed now. */
    int followedCount() {
        return tails.size();
    }

    private void run() {
        while (true) {
            synchronized (this) {
                if (tails.isEmpty()) {
                    running = false;
                    return;
                }
            }
            for (LogTail tail : tails) {
                tail.poll();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                synchronized (this) {
                    running = false;
                }
                return;
            }
        }
    }
}
