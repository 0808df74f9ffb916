package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/** {@code query-named-block-nodes}: every named block node. */
public record QueryNamedBlockNodes() implements QmpCommand<List<BlockNode>> {
    @Override
    public String name() {
        return "query-named-block-nodes";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public List<BlockNode> decode(JsonNode returned) {
        return CommandJson.list(returned, BlockNode::from);
    }
}
