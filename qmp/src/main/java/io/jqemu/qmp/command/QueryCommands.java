package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/**
 * {@code query-commands}: the names of every command this QEMU accepts.
 *
 */
public record QueryCommands() implements QmpCommand<List<String>> {
    @Override
    public String name() {
        return "query-commands";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public List<String> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> CommandJson.text(n, "name"));
    }
}
