package io.jqemu.cli.command;

import io.jqemu.cli.systemd.ServiceUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jqemu unit [NAME]}: prints the systemd unit that runs VMs (or one VM) as services. */
@Command(name = "unit", mixinStandardHelpOptions = true,
        description = {"Print the systemd template unit jqemu@.service (what the Debian package installs): "
                + "jqemu@NAME.service runs 'jqemu run /etc/jqemu/NAME.toml' as Type=notify, stops it with SIGTERM "
                + "and allows the shutdown ladder its time (TimeoutStopSec), and restarts it on failure but not "
                + "after the guest powered off. With NAME: the unit of that VM alone, the template filled in.",
                "Install it with jqemu enable NAME."})
public final class UnitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private String name;

    @Option(names = "--jqemu", paramLabel = "PATH",
            description = "The jqemu executable the unit runs (default: this jqemu's bin/jqemu, "
                    + "/usr/bin/jqemu when installed from the Debian package).")
    Path jqemu;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A VM's name: print its unit alone.")
    void name(String value) {
        name = VmNames.checked(spec, value);
    }

    @Override
    public Integer call() {
        ServiceUnit unit = new ServiceUnit(jqemu != null ? jqemu.toAbsolutePath() : thisJqemu());
        spec.commandLine().getOut().print(name == null ? unit.template() : unit.forVm(name));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The jqemu being run: the distribution's bin/jqemu, seen through /usr/bin/jqemu when the package installed it. */
    static Path thisJqemu() {
        String home = System.getProperty("jqemu.home");
        if (home == null) {
            return ServiceUnit.PACKAGED_JQEMU;
        }
        Path script = Path.of(home).toAbsolutePath().normalize().resolve("bin/jqemu");
        return script.startsWith(Path.of("/usr/share/jqemu")) ? ServiceUnit.PACKAGED_JQEMU : script;
    }
}
