package io.jqemu.launcher;

/** Root of the launcher's unchecked exceptions: something went wrong starting or driving a VM. */
public class LauncherException extends io.jqemu.core.JqemuException {
    private static final long serialVersionUID = 1L;

    /** An error with a message that says what failed and with which value. */
    public LauncherException(String message) {
        super(message);
    }

    /** An error caused by another one. */
    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
