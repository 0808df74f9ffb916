package io.jqemu.launcher;

/** QEMU could not be started or set up; everything prepared for it has been undone. */
public final class LaunchFailedException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** With a message that carries QEMU's own error text when it had one. */
    public LaunchFailedException(String message) {
        super(message);
    }

    /** With the underlying cause. */
    public LaunchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
