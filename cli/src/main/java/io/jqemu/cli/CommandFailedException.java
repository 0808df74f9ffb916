package io.jqemu.cli;

import io.jqemu.core.JqemuException;

/** A command could not do its job; the message is for the user, the exit code for scripts. */
public final class CommandFailedException extends JqemuException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    /** Fails with {@code message} and {@code exitCode}. */
    public CommandFailedException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Fails with {@code message}, caused by {@code cause}. */
    public CommandFailedException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The exit code scripts will see. */
    public ExitCode exitCode() {
        return exitCode;
    }
}
