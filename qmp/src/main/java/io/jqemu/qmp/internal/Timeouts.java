package io.jqemu.qmp.internal;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One process-wide timer wheel for command and event-wait timeouts. Arming a timeout only appends
 * to a queue: unlike scheduling on the event loop from a caller thread, it wakes no thread, which
 * keeps a blocking round trip close to a plain socket's. Precision is one tick (20 ms).
 */
final class Timeouts {
    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(
            new DefaultThreadFactory("qmp-timeouts", true), 20, TimeUnit.MILLISECONDS, 512);

    private Timeouts() {
    }

    static Timeout after(Duration delay, Runnable action) {
        return WHEEL.newTimeout(t -> action.run(), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
