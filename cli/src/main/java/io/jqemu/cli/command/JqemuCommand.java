package io.jqemu.cli.command;

import io.jqemu.cli.GlobalOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code jqemu} command; without a subcommand it prints the usage. */
@Command(name = "jqemu", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run QEMU virtual machines described by a vm.toml, and control them over QMP. No libvirt.",
                ""},
        subcommands = {RunCommand.class, ArgvCommand.class, CheckCommand.class, LsCommand.class,
                StopCommand.class, QmpCommand.class, BalloonCommand.class, AttachCommand.class, DetachCommand.class,
                CommandLine.HelpCommand.class})
public final class JqemuCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
