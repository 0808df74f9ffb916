package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jqemu qmp NAME COMMAND [JSON]}: one raw QMP command. */
@Command(name = "qmp", mixinStandardHelpOptions = true,
        description = {"Send one QMP command to a running VM and print QEMU's answer as JSON.",
                "Example: jqemu qmp demo query-status     jqemu qmp demo human-monitor-command "
                + "'{\"command-line\":\"info pci\"}'"})
public final class QmpCommand extends VmCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "1", paramLabel = "COMMAND", description = "The QMP command, e.g. query-status.")
    String command;

    @Parameters(index = "2", paramLabel = "JSON", arity = "0..1", description = "The arguments, a JSON object.")
    String arguments;

    @Override
    public Integer call() throws Exception {
        var request = VmChannel.request("qmp").put("command", command);
        if (arguments != null) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(arguments);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CommandFailedException(ExitCode.USAGE, "JSON: not valid JSON: " + e.getOriginalMessage());
            }
            if (!parsed.isObject()) {
                throw new CommandFailedException(ExitCode.USAGE, "JSON: the arguments must be a JSON object, not "
                        + arguments);
            }
            request.set("arguments", parsed);
        }
        say(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(send(request)));
        return 0;
    }
}
