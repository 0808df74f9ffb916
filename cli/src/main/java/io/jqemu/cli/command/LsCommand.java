package io.jqemu.cli.command;

import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.vm.ManagedVm;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jqemu ls}: the VMs under the state root. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the VMs under the state root: name, QEMU pid, state (running, paused, stopped ...) "
                + "and whether a jqemu run is attached.",
                "A VM whose QEMU is gone but whose state directory remains is shown as 'stopped'."})
public final class LsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ManagedVm> vms = ManagedVm.list(global.layout());
        out.printf("%-24s %-8s %-13s %s%n", "NAME", "PID", "STATE", "CONTROLLED BY");
        for (ManagedVm vm : vms) {
            boolean alive = vm.qemuAlive();
            String pid = vm.record().map(r -> Long.toString(r.pid())).orElse("-");
            String owner = !alive ? "-" : vm.runAttached() ? "jqemu run" : "nobody (re-attachable)";
            out.printf("%-24s %-8s %-13s %s%n", vm.name(), alive ? pid : "-", alive ? state(vm) : "stopped", owner);
        }
        out.flush();
        return 0;
    }

    /** What the VM's controller (its jqemu run, or QEMU re-attached) says: running, paused, shutting_down ... */
    private String state(ManagedVm vm) {
        try {
            return new VmChannel(global.layout()).send(vm.name(), VmChannel.request("status")).path("state")
                    .asText("running").replace('_', '-');
        } catch (RuntimeException e) {
            return "running";
        }
    }
}
