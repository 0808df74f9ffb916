package io.jqemu.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jqemu import}: turns another tool's VM definition into a vm.toml; its subcommands name the tool. */
@Command(name = "import", mixinStandardHelpOptions = true, subcommands = ImportLibvirtCommand.class,
        description = {"Write a vm.toml from another tool's VM definition.",
                "jqemu import libvirt DOMAIN.xml   a libvirt domain (virsh dumpxml NAME)"})
public final class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Creates the command (picocli fills it in). */
    public ImportCommand() {
        // fields are injected
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
