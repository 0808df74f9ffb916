package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code query-named-block-nodes}: every named block node. */
public record QueryNamedBlockNodes() implements ArgumentlessCommand<List<BlockNode>> {
    @Override
    public String name() {
        return "query-named-block-nodes";
    }

    @Override
    public List<BlockNode> decode(JsonNode returned) {
        return CommandJson.list(returned, BlockNode::from);
    }
}
