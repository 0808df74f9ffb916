package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code balloon}: ask the guest's balloon driver for a new memory size.
 *
 * @param bytes the target guest memory size in bytes
 */
public record Balloon(long bytes) implements QmpCommand<Void> {

    @Override
    public String name() {
        return "balloon";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("value", bytes));
    }

    @Override
    public Void decode(JsonNode returned) {
        return null;
    }
}
