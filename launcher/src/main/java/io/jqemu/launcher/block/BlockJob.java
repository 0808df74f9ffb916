package io.jqemu.launcher.block;

import io.jqemu.launcher.LauncherException;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.command.JobCancel;
import io.jqemu.qmp.command.JobComplete;
import io.jqemu.qmp.command.JobDismiss;
import io.jqemu.qmp.command.JobInfo;
import io.jqemu.qmp.command.QueryJobs;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One QEMU job (a backup, a commit ...) started through a {@link io.jqemu.launcher.RunningVm}: its
 * id and type, its status as QEMU's {@code JOB_STATUS_CHANGE} events report it, its progress (asked
 * of {@code query-jobs}), cancel, and a future that completes when the job has ended. Jobs are
 * started with {@code auto-dismiss} off, so that QEMU's reason for a failure can be read; the
 * handle reads it and dismisses the job as soon as it has concluded, so no concluded job lingers
 * in QEMU. Thread-safe.
 */
public final class BlockJob {
    private final String id;
    private final String type;
    private final QmpClient qmp;
    private final CompletableFuture<BlockJob> ready = new CompletableFuture<>();
    private final CompletableFuture<BlockJob> done = new CompletableFuture<>();
    private volatile String status = "created";
    private volatile JobProgress progress = new JobProgress(0, 0);
    private volatile Optional<String> error = Optional.empty();
    private volatile boolean cancelRequested;
    private volatile QmpSubscription subscription;

    BlockJob(String id, String type, QmpClient qmp) {
        this.id = id;
        this.type = type;
        this.qmp = qmp;
    }

    void subscription(QmpSubscription value) {
        this.subscription = value;
    }

    /** {@return the job id QEMU knows it by} */
    public String id() {
        return id;
    }

    /** {@return the job type: {@code backup}, {@code commit} ...} */
    public String type() {
        return type;
    }

    /**
     * {@return QEMU's last reported status} ({@code created}, {@code running}, {@code ready},
     * {@code concluded}, {@code null} once dismissed ...)
     */
    public String status() {
        return status;
    }

    /** {@return whether the job has ended (successfully or not) and was dismissed} */
    public boolean isDone() {
        return done.isDone();
    }

    /** {@return QEMU's error text once the job has failed or was cancelled} */
    public Optional<String> error() {
        return error;
    }

    /**
     * How far the job has got, asked of {@code query-jobs}; once it has ended, its last known progress.
     */
    public JobProgress progress() {
        if (!done.isDone()) {
            try {
                qmp.send(new QueryJobs()).stream().filter(j -> j.id().equals(id)).findFirst().ifPresent(this::record);
            } catch (RuntimeException e) {
                if (!done.isDone()) {
                    throw e;
                }
            }
        }
        return progress;
    }

    /**
     * Asks QEMU to cancel the job ({@code job-cancel}); {@link #done()} then fails with a
     * {@link BlockJobException} whose {@link BlockJobException#cancelled()} is true. Nothing happens
     * when the job has already ended. An active commit cancelled once {@code ready} ends without
     * switching to the base image.
     */
    public void cancel() {
        cancelRequested = true;
        try {
            qmp.send(new JobCancel(id));
        } catch (QmpErrorException e) {
            if (!done.isDone() && !status.equals("concluded")) {
                throw e;
            }
        }
    }

    /** Finishes a job that is {@code ready} ({@code job-complete}): an active commit switches to its base. */
    public void complete() {
        qmp.send(new JobComplete(id));
    }

    /** {@return completes when the job is {@code ready} (jobs that wait for {@link #complete()})} */
    public CompletableFuture<BlockJob> ready() {
        return ready;
    }

    /**
     * The job's end.
     *
     * @return completes with this job when it has ended successfully; fails with a
     *     {@link BlockJobException} carrying QEMU's reason when it failed or was cancelled, or with
     *     {@link io.jqemu.launcher.VmExitedException} when QEMU exited meanwhile
     */
    public CompletableFuture<BlockJob> done() {
        return done;
    }

    /**
     * Waits until the job has ended.
     *
     * @return this job
     * @throws BlockJobException when it failed or was cancelled (QEMU's reason in the message)
     * @throws LauncherException when it has not ended within {@code timeout}
     */
    public BlockJob await(Duration timeout) {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new LauncherException(e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new LauncherException("job " + id + " (" + type + ") has not ended within " + timeout
                    + "; it is still " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for job " + id, e);
        }
    }

    void onStatus(String newStatus) {
        status = newStatus;
        if (newStatus.equals("ready")) {
            ready.complete(this);
        } else if (newStatus.equals("concluded")) {
            conclude();
        }
    }

    void failToStart(RuntimeException e) {
        closeSubscription();
        error = Optional.of(e.getMessage());
        done.completeExceptionally(e);
        ready.completeExceptionally(e);
    }

    void failed(Throwable t) {
        closeSubscription();
        done.completeExceptionally(t);
        ready.completeExceptionally(t);
    }

    private void conclude() {
        qmp.sendAsync(new QueryJobs())
                .thenCompose(jobs -> {
                    jobs.stream().filter(j -> j.id().equals(id)).findFirst().ifPresent(this::record);
                    return qmp.sendAsync(new JobDismiss(id));
                })
                .whenComplete((ignored, failure) -> {
                    closeSubscription();
                    if (failure != null) {
                        failed(failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                                ? c.getCause() : failure);
                    } else if (error.isPresent() || cancelRequested && !ready.isDone()) {
                        String reason = error.orElse("cancelled");
                        failed(new BlockJobException(id, (cancelRequested ? "job " + id + " (" + type + ") was cancelled: "
                                : "job " + id + " (" + type + ") failed: ") + reason, error, cancelRequested));
                    } else {
                        ready.complete(this);
                        done.complete(this);
                    }
                });
    }

    private void record(JobInfo info) {
        progress = new JobProgress(info.currentProgress(), info.totalProgress());
        if (info.error().isPresent()) {
            error = info.error();
        }
    }

    private void closeSubscription() {
        QmpSubscription sub = subscription;
        if (sub != null) {
            sub.close();
        }
    }

    @Override
    public String toString() {
        return "BlockJob[" + id + ", " + type + ", " + status + "]";
    }
}
