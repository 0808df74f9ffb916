package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/** {@code system_reset}: hard-reset the machine (emits {@code RESET}). */
public record SystemReset() implements QmpCommand<Void> {
    @Override
    public String name() {
        return "system_reset";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public Void decode(JsonNode returned) {
        return null;
    }
}
