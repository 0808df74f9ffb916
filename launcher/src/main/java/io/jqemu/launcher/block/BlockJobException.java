package io.jqemu.launcher.block;

import io.jqemu.launcher.LauncherException;
import java.util.Optional;

/**
 * A block job (or a snapshot or backup built on one) did not succeed: QEMU's reason, and whether
 * it was cancelled.
 */
public class BlockJobException extends LauncherException {
    private static final long serialVersionUID = 1L;
    /** The job's id. */
    private final String jobId;
    private final transient Optional<String> qemuReason;
    /** Whether the job ended because it was cancelled. */
    private final boolean cancelled;

    /**
     * A failed or cancelled job.
     *
     * @param jobId the job's id
     * @param message what failed
     * @param qemuReason QEMU's error text for the job, when it gave one
     * @param cancelled whether the job ended because it was cancelled
     */
    public BlockJobException(String jobId, String message, Optional<String> qemuReason, boolean cancelled) {
        super(message);
        this.jobId = jobId;
        this.qemuReason = qemuReason;
        this.cancelled = cancelled;
    }

    /** {@return the job's id} */
    public String jobId() {
        return jobId;
    }

    /** {@return QEMU's error text (from {@code query-jobs}), when it gave one} */
    public Optional<String> qemuReason() {
        return qemuReason;
    }

    /** {@return whether the job was cancelled} */
    public boolean cancelled() {
        return cancelled;
    }
}
