package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.GlobalOptions;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code jqemu stop NAME}: the graceful shutdown ladder, or a forced stop. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Shut a VM down: ACPI power button (pressed again once), then quit, SIGTERM and SIGKILL, "
                + "each after its timeout. Waits until QEMU has exited and the host is undone.",
                "A paused guest cannot act on the power button: use --force."})
public final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = {"-f", "--force"}, description = "Skip the guest: quit QEMU at once (then SIGTERM, SIGKILL).")
    boolean force;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    String name;

    @Override
    public Integer call() {
        JsonNode result = new VmChannel(global.layout()).send(name, VmChannel.request("stop").put("force", force));
        spec.commandLine().getOut().println(name + ": stopped (" + result.path("ended_by").asText()
                + (result.path("guest_powered_off").asBoolean() ? ", guest powered off" : "")
                + ", " + result.path("took_ms").asLong() + " ms)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
