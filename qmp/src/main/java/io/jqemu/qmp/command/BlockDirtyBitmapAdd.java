package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code block-dirty-bitmap-add}: start recording writes to a node. Also a {@link Transaction} action.
 *
 * @param node the node
 * @param bitmap the bitmap's name
 * @param persistent whether it is stored in the (qcow2) image when QEMU closes it
 */
public record BlockDirtyBitmapAdd(String node, String bitmap, boolean persistent) implements VoidCommand {
    @Override
    public String name() {
        return "block-dirty-bitmap-add";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("node", node).put("name", bitmap).put("persistent", persistent));
    }
}
