package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code netdev_del}: remove a network backend.
 *
 * @param id the netdev id
 */
public record NetdevDel(String id) implements VoidCommand {
    @Override
    public String name() {
        return "netdev_del";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
