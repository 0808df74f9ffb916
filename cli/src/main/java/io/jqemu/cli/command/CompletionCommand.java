package io.jqemu.cli.command;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code jqemu completion}: prints a bash/zsh completion script generated from the command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for jqemu.",
                "Use: source <(jqemu completion)   or save it to /etc/bash_completion.d/jqemu"})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Creates the command (picocli fills it in). */
    public CompletionCommand() {
        // fields are injected
    }

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
