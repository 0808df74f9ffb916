package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/** {@code query-block}: the block backends. */
public record QueryBlock() implements QmpCommand<List<BlockInfo>> {
    @Override
    public String name() {
        return "query-block";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public List<BlockInfo> decode(JsonNode returned) {
        return CommandJson.list(returned, BlockInfo::from);
    }
}
