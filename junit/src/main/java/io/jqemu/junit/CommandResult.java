package io.jqemu.junit;

import java.util.List;

/**
 * What one command run through {@link ConsoleShell#run} answered.
 *
 * @param command the command line sent
 * @param status  its exit status
 * @param output  its stdout and stderr lines, without the protocol's marker lines
 */
public record CommandResult(String command, int status, List<String> output) {
    /** Copies the output. */
    public CommandResult {
        output = List.copyOf(output);
    }

    /** The output joined with newlines. */
    public String text() {
        return String.join("\n", output);
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return status == 0;
    }
}
