package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code query-commands}: the names of every command this QEMU accepts.
 *
 */
public record QueryCommands() implements ArgumentlessCommand<List<String>> {
    @Override
    public String name() {
        return "query-commands";
    }

    @Override
    public List<String> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> CommandJson.text(n, "name"));
    }
}
