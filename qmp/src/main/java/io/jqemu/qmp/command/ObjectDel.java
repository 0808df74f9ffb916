package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code object-del}: remove a QOM object that nothing uses any more.
 *
 * @param id the object id
 */
public record ObjectDel(String id) implements VoidCommand {
    @Override
    public String name() {
        return "object-del";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
