package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jqemu stop NAME}: the graceful shutdown ladder, or a forced stop. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Shut a VM down: ACPI power button (pressed again once), then quit, SIGTERM and SIGKILL, "
                + "each after its timeout. Waits until QEMU has exited and the host is undone.",
                "A paused guest cannot act on the power button: use --force."})
public final class StopCommand extends VmCommand implements Callable<Integer> {

    @Option(names = {"-f", "--force"}, description = "Skip the guest: quit QEMU at once (then SIGTERM, SIGKILL).")
    boolean force;

    @Override
    public Integer call() {
        if (!force && "paused".equals(send(VmChannel.request("status")).path("state").asText())) {
            throw new CommandFailedException(ExitCode.FAILED, name + ": the guest is paused and cannot act on the "
                    + "power button; resume it with 'jqemu qmp " + name + " cont' first, or stop QEMU with "
                    + "'jqemu stop --force " + name + "'");
        }
        JsonNode result = send(VmChannel.request("stop").put("force", force));
        say(name + ": stopped (" + result.path("ended_by").asText()
                + (result.path("guest_powered_off").asBoolean() ? ", guest powered off" : "")
                + ", " + result.path("took_ms").asLong() + " ms)");
        return 0;
    }
}
