package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code qom-get}: read a QOM property.
 *
 * @param path the QOM path or device id
 * @param property the property name
 */
public record QomGet(String path, String property) implements QmpCommand<JsonNode> {
    @Override
    public String name() {
        return "qom-get";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("path", path).put("property", property));
    }

    @Override
    public JsonNode decode(JsonNode returned) {
        return returned;
    }
}
