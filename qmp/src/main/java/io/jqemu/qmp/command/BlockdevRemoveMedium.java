package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-remove-medium}: take the medium out of a drive whose tray is open; its block node
 * stays until {@code blockdev-del}.
 *
 * @param id the drive's device id
 */
public record BlockdevRemoveMedium(String id) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-remove-medium";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
