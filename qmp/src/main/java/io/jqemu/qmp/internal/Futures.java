package io.jqemu.qmp.internal;

import io.jqemu.qmp.QmpException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The blocking side of the API: waits for a future and rethrows its failure unwrapped. */
public final class Futures {
    private Futures() {
    }

    /**
     * Waits for a future.
     *
     * @param future the future
     * @param <T> its value type
     * @return its value
     * @throws QmpException the future's own failure, or one wrapping an unexpected cause or an interrupt
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                re.addSuppressed(new QmpException("waited for here"));
                throw re;
            }
            throw new QmpException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException("interrupted while waiting for QEMU", e);
        }
    }
}
