package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-insert-medium}: put block node {@code nodeName} into an empty drive whose tray is open.
 *
 * @param id       the drive's device id
 * @param nodeName the medium's block node
 */
public record BlockdevInsertMedium(String id, String nodeName) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-insert-medium";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id).put("node-name", nodeName));
    }
}
