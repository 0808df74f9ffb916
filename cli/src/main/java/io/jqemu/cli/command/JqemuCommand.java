package io.jqemu.cli.command;

import io.jqemu.cli.GlobalOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;

/** The top-level {@code jqemu} command; without a subcommand it prints the usage. */
@Command(name = "jqemu", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run QEMU virtual machines described by a vm.toml, and control them over QMP. No libvirt.",
                ""})
public final class JqemuCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    /** The subcommands' names, in help order. */
    public static final List<String> SUBCOMMANDS = List.of("run", "argv", "check", "ls", "stop", "qmp", "ga", "balloon",
            "attach", "detach", "media",
            "import",
            "unit", "enable", "disable",
            "events",
            "disk", "save-state",
            "snapshot", "backup", "restore",
            "completion", "help");

    /**
     * A new instance of subcommand {@code name}. Subcommands are built one by one, so that running
     * one need not make picocli read the annotations of all (most of jqemu's start-up time).
     */
    public static Object subcommand(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "argv" -> new ArgvCommand();
            case "check" -> new CheckCommand();
            case "ls" -> new LsCommand();
            case "stop" -> new StopCommand();
            case "qmp" -> new QmpCommand();
            case "ga" -> new GaCommand();
            case "balloon" -> new BalloonCommand();
            case "attach" -> new AttachCommand();
            case "detach" -> new DetachCommand();
            case "import" -> new ImportCommand();
            case "unit" -> new UnitCommand();
            case "enable" -> new EnableCommand();
            case "disable" -> new DisableCommand();
            case "events" -> new EventsCommand();
            case "disk" -> new DiskCommand();
            case "save-state" -> new SaveStateCommand();
            case "media" -> new MediaCommand();
            case "snapshot" -> new SnapshotCommand();
            case "backup" -> new BackupCommand();
            case "restore" -> new RestoreCommand();
            case "completion" -> new CompletionCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
