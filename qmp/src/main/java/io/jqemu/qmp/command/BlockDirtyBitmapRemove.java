package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code block-dirty-bitmap-remove}: delete a bitmap (from the image too when it is persistent).
 *
 * @param node the node
 * @param bitmap the bitmap's name
 */
public record BlockDirtyBitmapRemove(String node, String bitmap) implements VoidCommand {
    @Override
    public String name() {
        return "block-dirty-bitmap-remove";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("node", node).put("name", bitmap));
    }
}
