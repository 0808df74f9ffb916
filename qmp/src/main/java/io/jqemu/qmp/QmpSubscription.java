package io.jqemu.qmp;

/** A registered event listener; closing it stops delivery (events already queued for it are still delivered). */
public interface QmpSubscription extends AutoCloseable {
    /** Unregisters the listener. Idempotent. */
    @Override
    void close();
}
