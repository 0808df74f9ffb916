package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code block_resize}: change the size of a block node (the guest sees the new size at once).
 *
 * @param nodeName the node to resize, e.g. a disk's format node
 * @param bytes    the new size in bytes
 */
public record BlockResize(String nodeName, long bytes) implements VoidCommand {
    @Override
    public String name() {
        return "block_resize";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("node-name", nodeName).put("size", bytes));
    }
}
