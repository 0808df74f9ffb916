package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code human-monitor-command}: run an HMP command and return its text output.
 *
 * @param commandLine the HMP command line, e.g. {@code info network}
 */
public record HumanMonitorCommand(String commandLine) implements QmpCommand<String> {
    @Override
    public String name() {
        return "human-monitor-command";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("command-line", commandLine));
    }

    @Override
    public String decode(JsonNode returned) {
        return returned.asText();
    }
}
