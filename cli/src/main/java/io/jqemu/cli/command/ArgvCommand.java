package io.jqemu.cli.command;

import io.jqemu.cli.ArgvLines;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.RenderPlan;
import io.jqemu.cli.config.VmToml;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.HostRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jqemu argv vm.toml}: the QEMU command line, one option per line, quoted for pasting. */
@Command(name = "argv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the QEMU command line vm.toml gives on this host, one option per line, "
                + "shell-quoted so it can be pasted (like Proxmox's qm showcmd).",
                "Nothing on the host is changed. -S is included: run starts QEMU paused, finishes the setup "
                + "over QMP, then continues."})
public final class ArgvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "VM.toml", description = "The VM's vm.toml.")
    Path file;

    @Override
    public Integer call() {
        Machine machine = VmToml.read(file);
        RenderPlan plan = new RenderPlan(global.layout(), HostFacts.probe(HostRoot.system()));
        List<String> argv = plan.render(machine).argv();
        spec.commandLine().getOut().print(ArgvLines.pasteable(argv));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
