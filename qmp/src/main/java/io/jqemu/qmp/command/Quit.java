package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/** {@code quit}: terminate QEMU; the connection's EOF afterwards counts as success. */
public record Quit() implements QmpCommand<Void> {
    @Override
    public String name() {
        return "quit";
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
