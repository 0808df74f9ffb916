package io.jqemu.launcher.block;

import io.jqemu.launcher.LauncherException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A snapshot commit or a backup in progress: its QEMU job (for progress and cancel) and its result,
 * which completes once the job has ended and the chain record has been updated.
 *
 * @param job the QEMU job
 * @param result the outcome; fails with the job's {@link BlockJobException} when it failed or was cancelled
 * @param <T> the result type
 */
public record BlockOperation<T>(BlockJob job, CompletableFuture<T> result) {
    /**
     * Waits for the result.
     *
     * @throws BlockJobException when the job failed or was cancelled
     * @throws LauncherException when it did not end within {@code timeout}
     */
    public T await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LauncherException(e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new LauncherException("job " + job.id() + " (" + job.type() + ") has not ended within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for job " + job.id(), e);
        }
    }
}
