package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code qom-set}: write a QOM property.
 *
 * @param path the QOM path or device id
 * @param property the property name
 * @param value the new value
 */
public record QomSet(String path, String property, JsonNode value) implements VoidCommand {
    @Override
    public String name() {
        return "qom-set";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode a = CommandJson.object().put("path", path).put("property", property);
        a.set("value", value);
        return Optional.of(a);
    }
}
