package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-add}: add a block node.
 *
 * @param options the BlockdevOptions object (driver, node-name, ...)
 */
public record BlockdevAdd(ObjectNode options) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-add";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(options.deepCopy());
    }
}
