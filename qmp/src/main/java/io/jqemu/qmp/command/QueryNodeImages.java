package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code query-named-block-nodes} read for each node's image: its virtual size, backing file and
 * dirty bitmaps ({@link QueryNamedBlockNodes} reads the same command for names and drivers only).
 */
public record QueryNodeImages() implements ArgumentlessCommand<List<NodeImage>> {
    @Override
    public String name() {
        return "query-named-block-nodes";
    }

    @Override
    public List<NodeImage> decode(JsonNode returned) {
        return CommandJson.list(returned, NodeImage::from);
    }
}
