package io.jqemu.cli.vm;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Ctrl-C and SIGTERM for a foreground {@code jqemu run}: each SIGINT or SIGTERM is counted and
 * handed to a listener (1 = first, 2 = second ...) instead of ending the JVM, so the VM can be
 * shut down gracefully and a second Ctrl-C can force it. {@link #close()} restores the previous
 * handlers.
 */
public final class Interrupts implements AutoCloseable {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    private Interrupts(IntConsumer listener) {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, s -> listener.accept(count.incrementAndGet())));
        }
    }

    /** Routes SIGINT and SIGTERM to {@code listener} until closed. */
    public static Interrupts install(IntConsumer listener) {
        return new Interrupts(listener);
    }

    /** How many signals arrived so far. */
    public int count() {
        return count.get();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
