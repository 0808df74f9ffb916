package io.jqemu.cli.command;

import io.jqemu.core.model.VmName;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The NAME argument of the management commands: a VM name, so that it cannot reach outside the state root. */
final class VmNames {

    private VmNames() {
    }

    /**
     * {@code name} when it is a VM name.
     *
     * @throws CommandLine.ParameterException (exit 2) naming the argument and the value otherwise
     */
    static String checked(CommandSpec spec, String name) {
        VmName.problem(name).ifPresent(problem -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "NAME: " + problem);
        });
        return name;
    }
}
