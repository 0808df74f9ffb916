package io.jqemu.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of {@code jqemu}: its exit code and what it printed.
 *
 * @param exitCode the exit code
 * @param out      standard output
 * @param err      standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code jqemu args...} in this JVM through picocli. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Jqemu.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
