package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/** {@code system_powerdown}: press the ACPI power button (the guest decides; emits {@code POWERDOWN}, later {@code SHUTDOWN}). */
public record SystemPowerdown() implements QmpCommand<Void> {
    @Override
    public String name() {
        return "system_powerdown";
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
