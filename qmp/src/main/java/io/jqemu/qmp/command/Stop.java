package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/** {@code stop}: pause the guest's vCPUs (emits {@code STOP}). */
public record Stop() implements QmpCommand<Void> {
    @Override
    public String name() {
        return "stop";
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
