package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code netdev_add}: add a network backend.
 *
 * @param type the backend type, e.g. {@code tap}, {@code user}
 * @param id the netdev id
 * @param properties the type's other properties, e.g. {@code fd} or {@code ifname}
 */
public record NetdevAdd(String type, String id, ObjectNode properties) implements VoidCommand {
    @Override
    public String name() {
        return "netdev_add";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.merge(properties, CommandJson.object().put("type", type).put("id", id)));
    }
}
