package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code balloon}: ask the guest's balloon driver for a new memory size.
 *
 * @param bytes the target guest memory size in bytes
 */
public record Balloon(long bytes) implements VoidCommand {
    @Override
    public String name() {
        return "balloon";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("value", bytes));
    }
}
