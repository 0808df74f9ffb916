package io.jqemu.launcher.vm;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The SLF4J MDC entry {@value #KEY} naming the VM a log event is about. The launcher sets it on
 * the threads that work for one VM (exit handling, operations, QEMU's log lines) and around the
 * state and event listeners it calls, so that a structured log (the CLI's JSON lines) can carry
 * the VM's name as a field of its own.
 */
public final class VmLogContext {

    /** The MDC key: the VM's name. */
    public static final String KEY = "vm";

    private VmLogContext() {
    }

    /** {@code task}, run with the MDC naming {@code vm} (and the thread's MDC restored afterwards). */
    public static Runnable wrap(String vm, Runnable task) {
        return () -> {
            String previous = MDC.get(KEY);
            MDC.put(KEY, vm);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    /** Runs {@code work} with the MDC naming {@code vm} and returns its result. */
    public static <T> T call(String vm, Supplier<T> work) {
        String previous = MDC.get(KEY);
        MDC.put(KEY, vm);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    /** {@code consumer}, called with the MDC naming {@code vm}. */
    public static <T> Consumer<T> wrap(String vm, Consumer<T> consumer) {
        return value -> wrap(vm, () -> consumer.accept(value)).run();
    }

    /** {@code consumer}, called with the MDC naming {@code vm}. */
    public static <T, U> BiConsumer<T, U> wrap(String vm, BiConsumer<T, U> consumer) {
        return (t, u) -> wrap(vm, () -> consumer.accept(t, u)).run();
    }

    private static void restore(String previous) {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }
}
