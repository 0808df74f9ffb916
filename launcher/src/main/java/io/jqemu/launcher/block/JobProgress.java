package io.jqemu.launcher.block;

/**
 * How far a job has got, in QEMU's units (bytes for block jobs).
 *
 * @param current the work done
 * @param total the estimated total work; it may grow while the job runs
 */
public record JobProgress(long current, long total) {
    /** {@return the done fraction between 0 and 1 (0 while the total is unknown)} */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1.0, (double) current / total);
    }
}
