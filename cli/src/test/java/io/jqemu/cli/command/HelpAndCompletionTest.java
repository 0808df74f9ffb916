package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.Jqemu;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and every option and parameter has help text; the completion script covers every command. */
class HelpAndCompletionTest {

    private static final List<String> COMMANDS = List.of("run", "argv", "check", "ls", "stop", "qmp", "ga", "balloon",
            "attach", "detach",
            "unit", "enable", "disable",
            "completion");

    @Test
    void everyCommandOptionAndParameterIsDescribed() {
        List<String> undocumented = new ArrayList<>();
        visit(Jqemu.commandLine(), undocumented);
        assertThat(undocumented).isEmpty();
    }

    private static void visit(CommandLine commandLine, List<String> undocumented) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (spec.usageMessage().description().length == 0) {
            undocumented.add(spec.qualifiedName());
        }
        for (OptionSpec option : spec.options()) {
            if (String.join("", option.description()).isBlank()) {
                undocumented.add(spec.qualifiedName() + " " + option.longestName());
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (String.join("", parameter.description()).isBlank()) {
                undocumented.add(spec.qualifiedName() + " " + parameter.paramLabel());
            }
        }
        commandLine.getSubcommands().values().forEach(sub -> visit(sub, undocumented));
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        COMMANDS.forEach(c -> assertThat(help.out()).contains("  " + c));
        assertThat(help.out()).contains("Exit codes:").contains("invalid vm.toml");
        for (String command : COMMANDS) {
            CliRun sub = CliRun.of(command, "--help");
            assertThat(sub.exitCode()).as(command).isZero();
            assertThat(sub.out()).as(command).contains("Usage: jqemu " + command);
        }
    }

    @Test
    void noHelpTextSaysNull() {
        List<String[]> helps = new ArrayList<>();
        helps.add(new String[] {"--help"});
        COMMANDS.forEach(c -> helps.add(new String[] {c, "--help"}));
        helps.add(new String[] {"attach", "x", "disk", "--help"});
        helps.add(new String[] {"attach", "x", "nic", "--help"});
        for (String[] args : helps) {
            CliRun help = CliRun.of(args);
            assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).as(String.join(" ", args)).doesNotContainIgnoringCase("null");
        }
        assertThat(CliRun.of("argv", "--help").out()).contains("A value for ${NAME} in vm.toml strings");
    }

    @Test
    void completionScriptCoversEveryCommand() {
        CliRun completion = CliRun.of("completion");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F _complete_jqemu");
        COMMANDS.forEach(c -> assertThat(completion.out()).contains(c));
        assertThat(completion.out()).contains("--console").contains("--dry-run").contains("--force");
    }

    @Test
    void usageErrorsExitTwo() {
        CliRun run = CliRun.of("run");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter");
    }
}
