package io.jqemu.qmp.command;

/**
 * The reply of {@code query-balloon}.
 *
 * @param actualBytes the guest's current memory size in bytes
 */
public record BalloonInfo(long actualBytes) {
}
