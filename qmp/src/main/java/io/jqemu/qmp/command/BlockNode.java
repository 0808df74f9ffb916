package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A block node as reported by {@code query-named-block-nodes} and inside {@code query-block}.
 *
 * @param nodeName the node name
 * @param driver the block driver, e.g. {@code qcow2}, {@code raw}, {@code file}
 * @param file the file name QEMU reports for the node
 * @param readOnly whether the node is read-only
 */
public record BlockNode(String nodeName, String driver, String file, boolean readOnly) {
    static BlockNode from(JsonNode n) {
        return new BlockNode(CommandJson.optionalText(n, "node-name").orElse(""), CommandJson.text(n, "drv"),
                CommandJson.text(n, "file"), CommandJson.bool(n, "ro"));
    }
}
