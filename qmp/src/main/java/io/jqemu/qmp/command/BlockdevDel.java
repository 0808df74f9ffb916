package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-del}: remove a block node that no device uses.
 *
 * @param nodeName the node to remove
 */
public record BlockdevDel(String nodeName) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-del";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("node-name", nodeName));
    }
}
