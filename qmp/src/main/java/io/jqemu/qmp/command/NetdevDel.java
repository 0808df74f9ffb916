package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code netdev_del}: remove a network backend.
 *
 * @param id the netdev id
 */
public record NetdevDel(String id) implements QmpCommand<Void> {

    @Override
    public String name() {
        return "netdev_del";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }

    @Override
    public Void decode(JsonNode returned) {
        return null;
    }
}
