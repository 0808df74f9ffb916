package io.jqemu.junit;

import io.jqemu.launcher.LauncherException;

/** A command run through {@link ConsoleShell#check} exited with a status other than 0. */
public final class GuestCommandException extends LauncherException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    GuestCommandException(String console, CommandResult result) {
        super(console + ": guest command failed with status " + result.status() + ": " + result.command()
                + (result.output().isEmpty() ? " (no output)" : "\n" + result.text()));
        this.result = result;
    }

    /** What the command answered. */
    public CommandResult result() {
        return result;
    }
}
