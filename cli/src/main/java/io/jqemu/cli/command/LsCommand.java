package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.vm.ManagedVm;
import io.jqemu.cli.vm.VmChannel;
import io.jqemu.launcher.vm.VmRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jqemu ls}: the VMs under the state root. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the VMs under the state root: name, QEMU pid, state (running, paused, stopped ...) "
                + "and whether a jqemu run is attached.",
                "A VM whose QEMU is gone but whose state directory remains is shown as 'stopped'.",
                "--json prints the same facts as a JSON array, one object per VM, with its start time, uptime and "
                + "sockets as well."})
public final class LsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = "--json", description = "Print a JSON array: name, state, pid, controlled_by, started, "
            + "uptime_seconds, qmp_socket, control_socket, state_dir; of a stopped VM only name, state and "
            + "state_dir are known.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<VmListing> vms = ManagedVm.list(global.layout()).stream().map(this::listing).toList();
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(vms, Instant.now())));
        } else {
            out.printf("%-24s %-8s %-13s %s%n", "NAME", "PID", "STATE", "CONTROLLED BY");
            for (VmListing vm : vms) {
                out.printf("%-24s %-8s %-13s %s%n", vm.vm().name(),
                        vm.alive() ? Long.toString(vm.record().pid()) : "-", vm.state(), vm.controller().text);
            }
        }
        out.flush();
        return 0;
    }

    /** Who controls a VM, as the table and the JSON say it. */
    enum Controller {
        RUN("jqemu run", "jqemu-run"), NOBODY("nobody (re-attachable)", "nobody"), NONE("-", null);

        final String text;
        final String json;

        Controller(String text, String json) {
            this.text = text;
            this.json = json;
        }
    }

    /** One VM's facts: the directory, whether QEMU lives, its state and controller. */
    record VmListing(ManagedVm vm, boolean alive, String state, Controller controller) {
        VmRecord record() {
            return vm.record().orElseThrow();
        }
    }

    private VmListing listing(ManagedVm vm) {
        if (!vm.qemuAlive()) {
            return new VmListing(vm, false, "stopped", Controller.NONE);
        }
        return new VmListing(vm, true, state(vm), vm.runAttached() ? Controller.RUN : Controller.NOBODY);
    }

    private static ArrayNode toJson(List<VmListing> vms, Instant now) {
        ArrayNode array = JSON.createArrayNode();
        for (VmListing vm : vms) {
            ObjectNode node = array.addObject();
            node.put("name", vm.vm().name());
            node.put("state", vm.state());
            node.put("state_dir", vm.vm().stateDir().toString());
            if (!vm.alive()) {
                node.putNull("pid");
                node.putNull("controlled_by");
                node.putNull("started");
                node.putNull("uptime_seconds");
                node.putNull("qmp_socket");
                node.putNull("control_socket");
                continue;
            }
            VmRecord record = vm.record();
            node.put("pid", record.pid());
            node.put("controlled_by", vm.controller().json);
            node.put("started", record.started().toString());
            node.put("uptime_seconds", Math.max(0, Duration.between(record.started(), now).toSeconds()));
            node.put("qmp_socket", record.qmpSocket().toString());
            if (vm.controller() == Controller.RUN) {
                node.put("control_socket", vm.vm().controlSocket().toString());
            } else {
                node.putNull("control_socket");
            }
        }
        return array;
    }

    /** What the VM's controller (its jqemu run, or QEMU re-attached) says: running, paused, shutting-down ... */
    private String state(ManagedVm vm) {
        try {
            return new VmChannel(global.layout()).send(vm.name(), VmChannel.request("status")).path("state")
                    .asText("running").replace('_', '-');
        } catch (RuntimeException e) {
            return "running";
        }
    }
}
