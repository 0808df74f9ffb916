package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code closefd}: close a descriptor passed with {@code getfd}.
 *
 * @param fdName its name
 */
public record CloseFd(String fdName) implements VoidCommand {
    @Override
    public String name() {
        return "closefd";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("fdname", fdName));
    }
}
