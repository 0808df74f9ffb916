package io.jqemu.launcher;

/** An operation on a VM could not complete because QEMU exited. */
public final class VmExitedException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** For the VM with this name, whose QEMU ended with {@code status}. */
    public VmExitedException(String vmName, String what, ExitStatus status) {
        super("VM " + vmName + ": " + what + " failed: QEMU exited (" + status + ")");
    }
}
