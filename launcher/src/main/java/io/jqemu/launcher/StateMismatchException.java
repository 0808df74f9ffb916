package io.jqemu.launcher;

/**
 * A saved VM state cannot be restored into this machine or with these disks: the machine differs
 * from the one saved (memory, machine type, devices ...), a disk image changed since the save, or
 * the file is not a complete state file. Nothing was started or changed.
 */
public class StateMismatchException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** An error naming the file and what differs. */
    public StateMismatchException(String message) {
        super(message);
    }
}
