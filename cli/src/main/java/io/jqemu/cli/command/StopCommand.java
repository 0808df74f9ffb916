package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.vm.StopProgress;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code jqemu stop NAME}: the graceful shutdown ladder, or a forced stop, showing what it waits for. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Shut a VM down: ACPI power button (pressed again once), then quit, SIGTERM and SIGKILL, "
                + "each after its timeout. Waits until QEMU has exited and the host is undone.",
                "While it waits, stderr says what was done and what it waits for, with the seconds left "
                + "(on a terminal one line counting down, otherwise a line per step).",
                "A paused guest cannot act on the power button: use --force."})
public final class StopCommand extends VmCommand implements Callable<Integer> {

    @Option(names = {"-f", "--force"}, description = "Skip the guest: quit QEMU at once (then SIGTERM, SIGKILL).")
    boolean force;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
            description = "How long the guest has to power off after the power button, before jqemu goes on "
                    + "with quit (default: 60).")
    Integer timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw new CommandFailedException(ExitCode.USAGE, "--timeout: must be at least 1 second, not "
                    + timeoutSeconds);
        }
        if (!force && "paused".equals(send(VmChannel.request("status")).path("state").asText())) {
            throw new CommandFailedException(ExitCode.FAILED, name + ": the guest is paused and cannot act on the "
                    + "power button; resume it with 'jqemu qmp " + name + " cont' first, or stop QEMU with "
                    + "'jqemu stop --force " + name + "'");
        }
        ObjectNode request = VmChannel.request("stop").put("force", force).put("progress", true);
        if (timeoutSeconds != null) {
            request.put("guest_timeout_ms", timeoutSeconds * 1000L);
        }
        JsonNode result;
        try (StopProgress progress = StopProgress.on(name, spec.commandLine().getErr())) {
            result = send(request, progress);
        }
        say(name + ": stopped (" + result.path("ended_by").asText()
                + (result.path("guest_powered_off").asBoolean() ? ", guest powered off" : "")
                + ", " + result.path("took_ms").asLong() + " ms)");
        return 0;
    }
}
