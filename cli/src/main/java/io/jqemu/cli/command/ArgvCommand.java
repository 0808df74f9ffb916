package io.jqemu.cli.command;

import io.jqemu.cli.ArgvLines;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.SafetyWarnings;
import io.jqemu.cli.VmFileOptions;
import io.jqemu.cli.config.LoadedVm;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.PlanStep;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.render.TapFds;
import io.jqemu.launcher.Launcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--raw", description = "Print every word as it is, one option per line, without quotes "
            + "or continuations (the form of core's golden files, for diff).")
    boolean raw;

    @Option(names = "--assume-kvm", description = "Render as on a host where KVM works (accelerator auto -> kvm).")
    boolean assumeKvm;

    @Option(names = "--assume-vhost-net", description = "Render as on a host with /dev/vhost-net (vhost auto -> on).")
    boolean assumeVhostNet;

    @Option(names = "--qemu-binary", paramLabel = "PATH", hidden = true,
            description = "The QEMU binary the launcher names (default qemu-system-x86_64, looked up on PATH).")
    String qemuBinary;

    @Option(names = "--qmp-socket", paramLabel = "PATH", hidden = true, description = "Override the QMP socket path.")
    String qmpSocket;

    @Option(names = "--runtime-dir", paramLabel = "DIR", hidden = true, description = "Override the runtime directory.")
    String runtimeDir;

    @Option(names = "--ovmf-vars", paramLabel = "PATH", hidden = true, description = "Override the OVMF vars file.")
    String ovmfVars;

    @Option(names = "--tap-fd", paramLabel = "NIC=FD", description = "Render macvtap NIC NIC (its id, e.g. net2) "
            + "on the command line with tap descriptor FD, for a QEMU you start yourself with FD inherited. "
            + "Without it, the NIC is left to QMP as run does, and stderr says how.")
    Map<String, String> tapFds = new LinkedHashMap<>();

    @Mixin
    VmFileOptions vmFile;

    @Override
    public Integer call() {
        LoadedVm loaded = vmFile.load();
        SafetyWarnings.print(loaded, spec.commandLine().getErr());
        Machine machine = loaded.machine();
        Launcher.Builder builder = global.launcherBuilder().stopVmsOnJvmExit(false);
        if (qemuBinary != null) {
            builder.qemuBinary(qemuBinary);
        }
        Launcher launcher = builder.build();
        RenderedMachine rendered = overridesGiven() ? MachineRenderer.render(machine, overridden(launcher, machine))
                : launcher.render(machine).rendered();
        List<String> argv = rendered.argv();
        PrintWriter out = spec.commandLine().getOut();
        if (raw) {
            ArgvLines.raw(argv).forEach(out::println);
        } else {
            out.print(ArgvLines.pasteable(argv));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        rendered.monitorPlans().forEach(plan -> err.print(monitorNote(plan)));
        err.flush();
        return 0;
    }

    /** What run does for a device that is not on the command line: its QMP steps, as shell comments. */
    static String monitorNote(DevicePlan plan) {
        StringBuilder note = new StringBuilder()
                .append("# ").append(plan.fieldPath()).append(" (").append(plan.deviceId())
                .append(") is not on this command line: run adds it over QMP after the paused start:\n");
        for (PlanStep step : plan.steps()) {
            note.append("#   ").append(step.qmpText()).append('\n');
        }
        if (plan.steps().stream().anyMatch(PlanStep.PassMacvtapFds.class::isInstance)) {
            note.append("# (--tap-fd ").append(plan.deviceId()).append("=FD puts it on the command line instead.)\n");
        }
        return note.toString();
    }

    private boolean overridesGiven() {
        return assumeKvm || assumeVhostNet || qmpSocket != null || runtimeDir != null || ovmfVars != null
                || !tapFds.isEmpty();
    }

    /**
     * The launcher's render context with the options' changes: the one adapter left over
     * {@link Launcher#render}. The launcher reads KVM and vhost-net from the host's kernel
     * ({@code HostFacts} from a {@code HostRoot}), so "assume" could only be said through a fake
     * {@code /sys} and {@code /dev} tree; and it passes macvtap descriptors over QMP, never as
     * inherited numbers. So the context comes from the launcher for a machine of the same
     * name with nothing host-dependent in it (the context depends only on the VM's name and the
     * host), and only the options' fields are replaced; {@code machine} is then rendered with it.
     */
    private RenderContext overridden(Launcher launcher, Machine machine) {
        RenderContext c = launcher.render(Machine.builder().name(machine.name()).build()).context();
        RenderContext.Builder b = c.toBuilder()
                .autoAccelerator(assumeKvm ? Accelerator.KVM : c.autoAccelerator())
                .vhostNetAvailable(assumeVhostNet || c.vhostNetAvailable())
                .qmpSocket(qmpSocket != null ? qmpSocket : c.qmpSocket())
                .runtimeDir(runtimeDir != null ? runtimeDir : c.runtimeDir());
        if (ovmfVars != null) {
            b.ovmfVars(ovmfVars);
        }
        tapFds.forEach((nic, fd) -> b.tapFds(nic, new TapFds(fd, Optional.empty())));
        return b.build();
    }
}
