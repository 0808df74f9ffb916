package io.jqemu.junit;

import io.jqemu.launcher.LauncherException;
import java.util.List;

/**
 * A wait on a guest's serial console ended without the line it waited for: the time ran out or
 * the console closed. The message names the command (if any), the line expected and the last
 * lines the console showed.
 */
public final class ConsoleTimeoutException extends LauncherException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lastLines;

    ConsoleTimeoutException(String message, List<String> lastLines) {
        super(message);
        this.lastLines = List.copyOf(lastLines);
    }

    /** The console's last lines when the wait ended, oldest first. */
    public List<String> lastLines() {
        return lastLines;
    }
}
