package io.jqemu.qmp.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * jnr-posix, loaded once in the background: its first use generates native stubs, which takes
 * a second or more, and must not stall an event loop.
 */
final class NativePosix {
    private static final CompletableFuture<POSIX> LOADED = new CompletableFuture<>();

    static {
        Thread.ofPlatform().daemon().name("qmp-jnr-loader").start(() -> {
            try {
                LOADED.complete(POSIXFactory.getNativePOSIX());
            } catch (RuntimeException | LinkageError e) {
                LOADED.completeExceptionally(e);
            }
        });
    }

    private NativePosix() {
    }

    /** {@return the POSIX binding if it has finished loading} */
    static Optional<POSIX> ifReady() {
        return Optional.ofNullable(LOADED.getNow(null));
    }

    /**
     * Runs an action once the binding is loaded (at once if it already is).
     *
     * @param action the action
     */
    static void whenReady(Consumer<POSIX> action) {
        LOADED.thenAccept(action);
    }
}
