package io.jqemu.cli;

import io.jqemu.cli.config.ConfigProblem;
import io.jqemu.cli.config.InvalidConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/** Turns exceptions escaping a command into a short message on stderr and an {@link ExitCode}. */
final class ErrorReporting {

    private ErrorReporting() {
    }

    /** Prints {@code e} for a human (a stack trace only with {@code -v}) and returns the exit code. */
    static int report(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (LogFormat.current() == LogFormat.JSON) {
            reportAsJson(e, err);
            return exitCodeOf(e);
        }
        if (e instanceof InvalidConfigException invalid) {
            for (ConfigProblem problem : invalid.problems()) {
                err.println(problem.location().isPresent() ? problem.toString() : invalid.file() + ": " + problem);
            }
            err.println("jqemu: " + invalid.problems().size()
                    + (invalid.problems().size() == 1 ? " problem" : " problems") + "; nothing was started");
        } else {
            err.println("jqemu: " + Messages.of(e));
            if (Boolean.getBoolean(GlobalOptions.VERBOSE_PROPERTY)) {
                LoggerFactory.getLogger(ErrorReporting.class).debug("details", e);
            }
        }
        err.flush();
        return exitCodeOf(e);
    }

    /** {@link #report} as JSON log events: one per vm.toml problem, else one with the stack when {@code -v}. */
    private static void reportAsJson(Exception e, PrintWriter err) {
        if (e instanceof InvalidConfigException invalid) {
            for (ConfigProblem problem : invalid.problems()) {
                Stderr.error(err, problem.location().isPresent() ? problem.toString() : invalid.file() + ": " + problem,
                        null);
            }
            Stderr.error(err, invalid.problems().size() + (invalid.problems().size() == 1 ? " problem" : " problems")
                    + "; nothing was started", null);
            return;
        }
        Stderr.error(err, Messages.of(e), Boolean.getBoolean(GlobalOptions.VERBOSE_PROPERTY) ? e : null);
    }

    /**
     * Prints a JVM error (the stack or the heap ran out, a broken installation) as one line
     * pointing to {@code --verbose}, which logs the stack trace; returns {@link ExitCode#FAILED}.
     */
    static int reportError(Error e, CommandLine commandLine) {
        String what = switch (e) {
            case StackOverflowError overflow -> "the Java stack ran out";
            case OutOfMemoryError oom -> "the Java heap ran out of memory";
            default -> "the Java runtime failed";
        };
        String detail = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        PrintWriter err = commandLine.getErr();
        err.println("jqemu: internal error: " + what + " (" + detail + "); run again with --verbose for details");
        err.flush();
        if (Boolean.getBoolean(GlobalOptions.VERBOSE_PROPERTY)) {
            LoggerFactory.getLogger(ErrorReporting.class).debug("details", e);
        }
        return ExitCode.FAILED.code();
    }

    /** The exit code an exception stands for. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE.code();
        }
        if (e instanceof InvalidConfigException) {
            return ExitCode.INVALID_CONFIG.code();
        }
        if (e instanceof CommandFailedException failed) {
            return failed.exitCode().code();
        }
        return ExitCode.FAILED.code();
    }
}
