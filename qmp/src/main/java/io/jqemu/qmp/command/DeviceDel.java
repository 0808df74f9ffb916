package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code device_del}: request removal of a device; completion is the {@code DEVICE_DELETED} event (see {@link
 * io.jqemu.qmp.QmpEvents#deviceDeleted}).
 *
 * @param id the device id
 */
public record DeviceDel(String id) implements VoidCommand {
    @Override
    public String name() {
        return "device_del";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
