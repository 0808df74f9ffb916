package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-snapshot}: put the overlay node on top of {@code node}; the overlay was added
 * with {@code "backing": null} and its image names {@code node}'s image as backing file.
 *
 * @param node the node that becomes the overlay's backing node (a device's top node)
 * @param overlay the new top node
 */
public record BlockdevSnapshot(String node, String overlay) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-snapshot";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("node", node).put("overlay", overlay));
    }
}
