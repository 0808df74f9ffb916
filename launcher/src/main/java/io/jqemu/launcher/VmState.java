package io.jqemu.launcher;

/**
 * The life-cycle state of a {@link RunningVm}.
 *
 * <p>{@link #STOPPED} and {@link #CRASHED} are terminal: QEMU has exited and every host change
 * made for the VM has been undone (or the undo has been attempted and logged).
 */
public enum VmState {
    /** QEMU is being started, connected to and set up; the guest has not run yet. */
    STARTING,
    /** The guest's vCPUs are running. */
    RUNNING,
    /** The guest's vCPUs are stopped (started paused, {@code stop}, or a guest-side pause). */
    PAUSED,
    /** A graceful or forced shutdown is in progress. */
    SHUTTING_DOWN,
    /** QEMU exited because the guest powered off or because this library asked it to. */
    STOPPED,
    /** QEMU exited without being asked to (killed, aborted, lost). */
    CRASHED;

    /** Whether QEMU has exited in this state. */
    public boolean isTerminal() {
        return this == STOPPED || this == CRASHED;
    }
}
