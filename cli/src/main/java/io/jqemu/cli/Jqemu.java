package io.jqemu.cli;

import io.jqemu.cli.command.JqemuCommand;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code jqemu} program: builds the picocli command tree and runs it. */
public final class Jqemu {

    private Jqemu() {
    }

    /** Runs {@code jqemu} with {@code args} and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** Runs {@code jqemu} in-process, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The whole configured command tree (exit codes, error handling, logging set-up before execution). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for running {@code args}: when they name a subcommand other than help and
     * completion (which describe every command), only that one is built, to start faster.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new JqemuCommand());
        String only = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                only = JqemuCommand.SUBCOMMANDS.contains(arg) && !arg.equals("help") && !arg.equals("completion")
                        ? arg : null;
                break;
            }
        }
        for (String name : JqemuCommand.SUBCOMMANDS) {
            if (only == null || only.equals(name)) {
                commandLine.addSubcommand(name, JqemuCommand.subcommand(name));
            }
        }
        configure(commandLine);
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodeList());
        return commandLine;
    }

    /** Gives {@code commandLine} jqemu's execution: {@code -v}, exit codes and error reporting. */
    static CommandLine configure(CommandLine commandLine) {
        commandLine.setExecutionStrategy(Jqemu::execute);
        commandLine.setExitCodeExceptionMapper(ErrorReporting::exitCodeOf);
        commandLine.setExecutionExceptionHandler(ErrorReporting::report);
        return commandLine;
    }

    private static int execute(ParseResult parseResult) {
        boolean verbose = false;
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("-v");
        }
        if (verbose) {
            System.setProperty(GlobalOptions.VERBOSE_PROPERTY, "true");
        }
        String format = null;
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--log-format")) {
                format = p.matchedOptionValue("--log-format", null);
            }
        }
        try {
            LogFormat chosen = format != null ? LogFormat.parse("--log-format", format)
                    : LogFormat.fromEnvironment().orElse(LogFormat.TEXT);
            System.setProperty(LogFormat.PROPERTY, chosen.name());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(), e.getMessage(), e);
        }
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (Error e) {
            return ErrorReporting.reportError(e, parseResult.commandSpec().commandLine());
        }
    }

    private static Map<String, String> exitCodeList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            list.put(String.format("%3d", code.code()), code.meaning());
        }
        return list;
    }
}
