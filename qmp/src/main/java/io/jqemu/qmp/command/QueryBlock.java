package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code query-block}: the block backends. */
public record QueryBlock() implements ArgumentlessCommand<List<BlockInfo>> {
    @Override
    public String name() {
        return "query-block";
    }

    @Override
    public List<BlockInfo> decode(JsonNode returned) {
        return CommandJson.list(returned, BlockInfo::from);
    }
}
