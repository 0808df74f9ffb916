package io.jqemu.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jqemu disable NAME}: VM NAME no longer starts at boot. */
@Command(name = "disable", mixinStandardHelpOptions = true,
        description = {"Stop starting VM NAME at boot: systemctl disable jqemu@NAME.service (with --now it also stops "
                + "the VM, gracefully). The template jqemu@.service stays for the other VMs. Needs systemd as the "
                + "init system."})
public final class DisableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private String name;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    void name(String value) {
        name = VmNames.checked(spec, value);
    }

    @Option(names = "--now", description = "Stop the VM now as well (SIGTERM: the graceful shutdown ladder).")
    boolean now;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Change the system image under DIR (systemctl --root), not the running host.")
    Path root;

    @Override
    public Integer call() {
        EnableCommand.installer(root, UnitCommand.thisJqemu()).disable(name, now)
                .forEach(line -> EnableCommand.say(spec, line));
        return 0;
    }
}
