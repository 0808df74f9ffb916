package io.jqemu.launcher;

/** Told about every state change of a {@link RunningVm}, in order, on a dedicated thread. */
@FunctionalInterface
public interface VmStateListener {
    /**
     * Called after the VM moved from {@code from} to {@code to}.
     *
     * @param vm the VM whose state changed
     * @param from the previous state
     * @param to the new state
     */
    void stateChanged(RunningVm vm, VmState from, VmState to);
}
