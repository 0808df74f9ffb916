package io.jqemu.launcher;

/**
 * The memory balloon as QEMU reports it ({@code query-balloon}).
 *
 * @param actualBytes the memory the guest has now (its RAM minus the balloon)
 */
public record BalloonStatus(long actualBytes) {
    /** {@link #actualBytes()} in MiB, rounded down. */
    public long actualMib() {
        return actualBytes >> 20;
    }
}
