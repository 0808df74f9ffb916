package io.jqemu.cli.systemd;

import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code systemctl} with plain arguments (no shell) and returns what it printed. */
@FunctionalInterface
public interface Systemctl {

    /**
     * Runs {@code systemctl ARGS}.
     *
     * @param args its arguments
     * @return its output (stdout and stderr)
     * @throws CommandFailedException when it cannot be started or exits with an error, with its output
     */
    String run(List<String> args);

    /** The host's {@code systemctl}, found on {@code PATH}; each call may take up to 5 minutes (enable --now starts a VM). */
    static Systemctl host() {
        return args -> {
            List<String> argv = new ArrayList<>();
            argv.add("systemctl");
            argv.addAll(args);
            try {
                Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                String output;
                try (InputStream in = process.getInputStream()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new CommandFailedException(ExitCode.FAILED, String.join(" ", argv) + ": no answer in 5 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new CommandFailedException(ExitCode.FAILED, String.join(" ", argv) + " failed (exit "
                            + process.exitValue() + ")" + (output.isEmpty() ? "" : ": " + output));
                }
                return output;
            } catch (IOException e) {
                throw new CommandFailedException(ExitCode.FAILED, "cannot run " + String.join(" ", argv) + ": "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException(ExitCode.FAILED, String.join(" ", argv) + ": interrupted", e);
            }
        };
    }
}
