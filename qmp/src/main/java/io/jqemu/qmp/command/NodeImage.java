package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A named block node's image, as {@link QueryNodeImages} reads it.
 *
 * @param nodeName the node name
 * @param driver the block driver, e.g. {@code qcow2}
 * @param file the image's file name
 * @param virtualSize the size the guest sees, in bytes
 * @param backingFile the backing file named in the image, when any
 * @param dirtyBitmaps the node's dirty bitmaps
 */
public record NodeImage(String nodeName, String driver, String file, long virtualSize, Optional<String> backingFile,
                        List<DirtyBitmap> dirtyBitmaps) {
    /** Copies the list. */
    public NodeImage {
        dirtyBitmaps = List.copyOf(dirtyBitmaps);
    }

    static NodeImage from(JsonNode n) {
        JsonNode image = CommandJson.required(n, "image");
        JsonNode bitmaps = n.get("dirty-bitmaps");
        return new NodeImage(CommandJson.optionalText(n, "node-name").orElse(""), CommandJson.text(n, "drv"),
                CommandJson.text(n, "file"), CommandJson.number(image, "virtual-size"),
                CommandJson.optionalText(n, "backing_file"),
                bitmaps == null ? List.of() : CommandJson.list(bitmaps, DirtyBitmap::from));
    }
}
