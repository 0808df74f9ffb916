package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code closefd}: close a descriptor passed with {@code getfd}.
 *
 * @param fdName its name
 */
public record CloseFd(String fdName) implements QmpCommand<Void> {

    @Override
    public String name() {
        return "closefd";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("fdname", fdName));
    }

    @Override
    public Void decode(JsonNode returned) {
        return null;
    }
}
