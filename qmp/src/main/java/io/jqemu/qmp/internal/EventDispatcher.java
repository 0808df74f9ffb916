package io.jqemu.qmp.internal;

import io.jqemu.qmp.QmpDisconnectedException;
import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.QmpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Delivers events to listeners and waiters, entirely off the event loop: the loop only numbers an
 * event and hands it to a serial queue; matching and listener code run on the callback executor.
 * Waiters are completed by that dispatch step itself, so they never depend on a listener. Each
 * listener has its own bounded queue ({@link ListenerQueue}): a slow listener delays only itself,
 * and when it falls a whole queue behind it loses its oldest events, never anyone else's.
 */
public final class EventDispatcher {
    private final String name;
    private final Executor callbacks;
    private final SerialExecutor dispatch;
    private final AtomicLong received = new AtomicLong();
    private final int listenerCapacity;
    private final List<ListenerQueue> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private volatile QmpDisconnectedException closedBy;
    private volatile boolean stopped;

    /**
     * Creates a dispatcher.
     *
     * @param name used in log messages
     * @param callbacks where listener code and future completions run
     * @param listenerCapacity the most events queued for one listener, at least 1
     */
    public EventDispatcher(String name, Executor callbacks, int listenerCapacity) {
        if (listenerCapacity < 1) {
            throw new IllegalArgumentException("listenerCapacity must be at least 1, got " + listenerCapacity);
        }
        this.name = name;
        this.callbacks = callbacks;
        this.listenerCapacity = listenerCapacity;
        this.dispatch = new SerialExecutor(name + " event dispatch", callbacks);
    }

    /**
     * Accepts one event from the connection (called on the event loop; never blocks).
     *
     * @param event the event
     */
    public void onEvent(QmpEvent event) {
        long seq = received.getAndIncrement();
        dispatch.execute(() -> deliver(seq, event));
    }

    private void deliver(long seq, QmpEvent event) {
        for (Waiter w : waiters) {
            if (seq >= w.firstSeq && w.matcher.test(event) && waiters.remove(w)) {
                w.future.complete(event);
            }
        }
        for (ListenerQueue l : listeners) {
            l.offer(event);
        }
    }

    /**
     * Registers a listener.
     *
     * @param matcher which events to deliver
     * @param consumer the listener, called in event order on its own bounded queue
     * @return the handle that unregisters it and counts the events it lost
     */
    public QmpSubscription subscribe(Predicate<QmpEvent> matcher, Consumer<QmpEvent> consumer) {
        ListenerQueue l = new ListenerQueue(name + " event listener " + consumer, matcher, consumer, callbacks,
                listenerCapacity, listeners::remove);
        listeners.add(l);
        if (stopped) {
            l.stop();
            listeners.remove(l);
        }
        return l;
    }

    /**
     * Stops delivery to listeners for good (the client is closing): queued events are discarded, no
     * listener call starts from now on, and this waits up to {@code maxWait} for calls running on
     * other threads to return. Waiters are not affected.
     *
     * @param maxWait how long to wait for running listener calls
     */
    public void stopListeners(Duration maxWait) {
        stopped = true;
        List<ListenerQueue> all = List.copyOf(listeners);
        all.forEach(ListenerQueue::stop);
        listeners.removeAll(all);
        long deadline = System.nanoTime() + maxWait.toNanos();
        all.forEach(l -> l.awaitIdle(deadline));
    }

    /**
     * Registers a waiter for the first matching event received from now on.
     *
     * @param matcher which event completes the wait
     * @param timeout how long to wait
     * @return a future completed with the event, or failed with a timeout or disconnect
     */
    public CompletableFuture<QmpEvent> await(Predicate<QmpEvent> matcher, Duration timeout) {
        CompletableFuture<QmpEvent> future = new CompletableFuture<>();
        Waiter w = new Waiter(received.get(), matcher, future);
        waiters.add(w);
        Throwable closed = closedBy;
        if (closed != null && waiters.remove(w)) {
            future.completeExceptionally(copyOf(closed));
            return future;
        }
        var task = Timeouts.after(timeout, () -> {
            if (waiters.remove(w)) {
                future.completeExceptionally(new QmpTimeoutException(
                        "no matching QMP event within " + timeout.toMillis() + " ms"));
            }
        });
        future.whenComplete((e, t) -> {
            task.cancel();
            waiters.remove(w);
        });
        return future;
    }

    /**
     * Fails every waiter once the events received before the end are delivered; later waits fail
     * at once with the same cause.
     *
     * @param cause why
     */
    public void close(QmpDisconnectedException cause) {
        dispatch.execute(() -> {
            closedBy = cause;
            for (Waiter w : waiters) {
                if (waiters.remove(w)) {
                    w.future.completeExceptionally(copyOf(cause));
                }
            }
        });
    }

    /** One exception instance per failed future: blocking callers add their own stack to it. */
    private static Throwable copyOf(Throwable closed) {
        return new QmpDisconnectedException(closed.getMessage(), closed.getCause());
    }

    private record Waiter(long firstSeq, Predicate<QmpEvent> matcher, CompletableFuture<QmpEvent> future) {
    }
}
