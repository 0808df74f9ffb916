package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/** A command given by name with untyped arguments and reply; see {@link QmpCommand#raw}. */
record RawCommand(String name, ObjectNode args) implements QmpCommand<JsonNode> {
    RawCommand {
        Objects.requireNonNull(name, "command");
        Objects.requireNonNull(args, "arguments");
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
