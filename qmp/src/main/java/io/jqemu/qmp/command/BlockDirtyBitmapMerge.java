package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * {@code block-dirty-bitmap-merge}: add the bits of other bitmaps of the same node to a bitmap.
 *
 * @param node the node
 * @param target the bitmap that receives the bits
 * @param bitmaps the bitmaps whose bits are added
 */
public record BlockDirtyBitmapMerge(String node, String target, List<String> bitmaps) implements VoidCommand {
    /** Copies the list. */
    public BlockDirtyBitmapMerge {
        bitmaps = List.copyOf(bitmaps);
    }

    @Override
    public String name() {
        return "block-dirty-bitmap-merge";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode args = CommandJson.object().put("node", node).put("target", target);
        bitmaps.forEach(args.putArray("bitmaps")::add);
        return Optional.of(args);
    }
}
