package io.jqemu.launcher.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * A QMP command given by name with JSON arguments (the hotplug arguments core renders).
 *
 * @param name the command name
 * @param args its arguments
 */
public record JsonCommand(String name, ObjectNode args) implements QmpCommand<JsonNode> {
    /** A command with arguments. */
    public static JsonCommand of(String name, ObjectNode args) {
        return new JsonCommand(name, args);
    }

    /** A command with one string argument. */
    public static JsonCommand of(String name, String key, String value) {
        return new JsonCommand(name, JsonNodeFactory.instance.objectNode().put(key, value));
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(args);
    }

    @Override
    public JsonNode decode(JsonNode returned) {
        return returned;
    }
}
