package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code blockdev-del}: remove a block node that no device uses.
 *
 * @param nodeName the node to remove
 */
public record BlockdevDel(String nodeName) implements QmpCommand<Void> {

    @Override
    public String name() {
        return "blockdev-del";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("node-name", nodeName));
    }

    @Override
    public Void decode(JsonNode returned) {
        return null;
    }
}
