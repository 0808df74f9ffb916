package io.jqemu.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Runs {@code jqemu COMMAND --state-root ROOT/state --runtime-root ROOT/run REST...} in this JVM.
     *
     * @param root the directory holding the state and runtime roots
     * @param args the command name, then its options and operands
     * @return what the run did
     */
    public static CliRun under(Path root, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--state-root", root.resolve("state").toString(),
                "--runtime-root", root.resolve("run").toString()));
        return of(all.toArray(String[]::new));
    }
}
