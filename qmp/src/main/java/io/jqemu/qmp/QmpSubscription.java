package io.jqemu.qmp;

/**
 * A registered event listener. Closing it stops delivery of new events (events already queued for it
 * are still delivered, unless the client is closed too).
 *
 * <p>The listener's queue is bounded ({@link QmpClient.Builder#eventQueueCapacity}): when the listener
 * falls that many events behind, each new event pushes out the oldest one still queued, and
 * {@link #droppedEvents()} counts it. Event waiters ({@link QmpClient#awaitEvent},
 * {@link QmpClient#sendAndAwait}) never lose an event to a listener's full queue.
 */
public interface QmpSubscription extends AutoCloseable {
    /**
     * How many events this listener lost because its queue was full. Readable at any time, also
     * from inside the listener.
     *
     * @return the count since the subscription started
     */
    long droppedEvents();

    /** Unregisters the listener. Idempotent. */
    @Override
    void close();
}
