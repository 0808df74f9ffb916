package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dirty bitmap of a block node.
 *
 * @param name the bitmap's name
 * @param persistent whether it is stored in the image
 * @param inconsistent whether QEMU found it in an image that was not closed cleanly (it cannot be trusted or used)
 * @param dirtyBytes how many bytes it marks as written
 */
public record DirtyBitmap(String name, boolean persistent, boolean inconsistent, long dirtyBytes) {
    static DirtyBitmap from(JsonNode n) {
        return new DirtyBitmap(CommandJson.text(n, "name"), CommandJson.bool(n, "persistent"),
                CommandJson.bool(n, "inconsistent"), CommandJson.number(n, "count"));
    }
}
