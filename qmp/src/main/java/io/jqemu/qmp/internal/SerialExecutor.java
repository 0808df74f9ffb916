package io.jqemu.qmp.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a backing executor. The queue is unbounded:
 * nothing is ever dropped; a growing backlog is logged.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private static final int BACKLOG_WARNING = 10_000;

    private final String name;
    private final Executor backing;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(String name, Executor backing) {
        this.name = name;
        this.backing = backing;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        int size = backlog.incrementAndGet();
        if (size % BACKLOG_WARNING == 0) {
            LOG.warn("{} has {} undelivered items: its consumer is slower than QEMU's events", name, size);
        }
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            backing.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                backlog.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.warn("{} task failed", name, e);
                }
            }
        } finally {
            scheduled.set(false);
            schedule();
        }
    }
}
