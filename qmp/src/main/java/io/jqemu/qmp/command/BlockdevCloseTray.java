package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code blockdev-close-tray}: close a removable-media drive's tray.
 *
 * @param id the drive's device id
 */
public record BlockdevCloseTray(String id) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-close-tray";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
