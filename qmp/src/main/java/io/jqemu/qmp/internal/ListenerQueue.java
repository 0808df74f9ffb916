package io.jqemu.qmp.internal;

import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpSubscription;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener with its own bounded queue, drained in event order on the callback executor. When the
 * listener is {@code capacity} events behind, each new event pushes out the oldest queued one, which
 * is counted ({@link #droppedEvents()}); nothing else waits for the listener.
 */
final class ListenerQueue implements QmpSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);

    private final String name;
    private final Predicate<QmpEvent> matcher;
    private final Consumer<QmpEvent> consumer;
    private final Executor callbacks;
    private final int capacity;
    private final Consumer<ListenerQueue> onRetired;
    private final ArrayDeque<QmpEvent> queue = new ArrayDeque<>();
    private boolean subscribed = true;
    private boolean stopped;
    private boolean draining;
    private Thread running;
    private long dropped;
    private long droppedInBurst;

    /**
     * @param name for log messages
     * @param matcher which events the listener takes
     * @param consumer the listener
     * @param callbacks where the listener runs
     * @param capacity the most events queued for it
     * @param onRetired called once the queue is closed and has nothing left to deliver
     */
    ListenerQueue(String name, Predicate<QmpEvent> matcher, Consumer<QmpEvent> consumer, Executor callbacks,
                  int capacity, Consumer<ListenerQueue> onRetired) {
        this.name = name;
        this.matcher = matcher;
        this.consumer = consumer;
        this.callbacks = callbacks;
        this.capacity = capacity;
        this.onRetired = onRetired;
    }

    /** Queues the event if the listener wants it (dispatch thread; never waits for the listener). */
    void offer(QmpEvent event) {
        if (!matcher.test(event)) {
            return;
        }
        boolean start;
        long firstDropOfBurst = 0;
        synchronized (this) {
            if (!subscribed || stopped) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
                if (droppedInBurst++ == 0) {
                    firstDropOfBurst = dropped;
                }
            }
            queue.addLast(event);
            start = !draining;
            draining = true;
        }
        if (firstDropOfBurst > 0) {
            LOG.warn("{} is slower than QEMU's events: its queue of {} is full, dropping the oldest events"
                    + " ({} dropped so far)", name, capacity, firstDropOfBurst);
        }
        if (start) {
            try {
                callbacks.execute(this::drain);
            } catch (RejectedExecutionException e) {
                LOG.warn("{}: the callback executor refused to run it; its queued events are discarded", name);
                boolean retire;
                synchronized (this) {
                    queue.clear();
                    draining = false;
                    retire = !subscribed;
                }
                if (retire) {
                    onRetired.accept(this);
                }
            }
        }
    }

    private void drain() {
        while (true) {
            QmpEvent event;
            long caughtUpAfter = 0;
            boolean retire = false;
            synchronized (this) {
                if (stopped || queue.isEmpty()) {
                    draining = false;
                    caughtUpAfter = droppedInBurst;
                    droppedInBurst = 0;
                    retire = !subscribed && !stopped;
                    event = null;
                } else {
                    event = queue.pollFirst();
                    running = Thread.currentThread();
                }
            }
            if (event == null) {
                if (caughtUpAfter > 0) {
                    LOG.info("{} caught up after missing {} events ({} in total)", name, caughtUpAfter, droppedEvents());
                }
                if (retire) {
                    onRetired.accept(this);
                }
                return;
            }
            try {
                consumer.accept(event);
            } catch (RuntimeException | Error e) {
                LOG.warn("{} failed on event {}", name, event.name(), e);
            } finally {
                synchronized (this) {
                    running = null;
                    notifyAll();
                }
            }
        }
    }

    @Override
    public synchronized long droppedEvents() {
        return dropped;
    }

    /** Unsubscribes: no new events; those already queued are still delivered. */
    @Override
    public void close() {
        boolean retire;
        synchronized (this) {
            retire = subscribed && !draining;
            subscribed = false;
        }
        if (retire) {
            onRetired.accept(this);
        }
    }

    /** Stops delivery for good: the queue is discarded and no listener call starts from now on. */
    synchronized void stop() {
        stopped = true;
        queue.clear();
    }

    /**
     * Waits until a listener call running on another thread has returned (after {@link #stop()}).
     *
     * @param deadline {@link System#nanoTime()} after which to give up
     */
    synchronized void awaitIdle(long deadline) {
        while (running != null && running != Thread.currentThread()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("{} is still running after the client was closed", name);
                return;
            }
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
