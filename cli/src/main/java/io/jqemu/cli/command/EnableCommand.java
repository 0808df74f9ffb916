package io.jqemu.cli.command;

import io.jqemu.cli.systemd.ServiceUnit;
import io.jqemu.cli.systemd.Systemctl;
import io.jqemu.cli.systemd.UnitInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jqemu enable NAME}: starts VM NAME at boot through systemd. */
@Command(name = "enable", mixinStandardHelpOptions = true,
        description = {"Start the VM /etc/jqemu/NAME.toml describes at boot: installs jqemu@.service when the "
                + "package has not, then systemctl daemon-reload and systemctl enable jqemu@NAME.service. "
                + "Needs systemd as the init system; elsewhere it changes nothing and says what to run instead.",
                "The vm.toml must be valid and its name must be NAME."})
public final class EnableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private String name;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name; its vm.toml is /etc/jqemu/NAME.toml.")
    void name(String value) {
        name = VmNames.checked(spec, value);
    }

    @Option(names = "--now", description = "Start the VM now as well.")
    boolean now;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Install into the system image under DIR (systemctl --root), not the running host.")
    Path root;

    @Override
    public Integer call() {
        installer(root, UnitCommand.thisJqemu()).enable(name, now).forEach(line -> say(spec, line));
        return 0;
    }

    /** The installer for the running host, or for the image under {@code root} when given. */
    static UnitInstaller installer(Path root, Path jqemu) {
        ServiceUnit unit = new ServiceUnit(jqemu);
        return root == null ? UnitInstaller.live(Path.of("/"), Systemctl.host(), unit)
                : UnitInstaller.offline(root, Systemctl.host(), unit);
    }

    static void say(CommandSpec spec, String line) {
        spec.commandLine().getOut().println("jqemu: " + line);
        spec.commandLine().getOut().flush();
    }
}
