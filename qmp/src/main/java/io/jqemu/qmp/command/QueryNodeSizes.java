package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code query-named-block-nodes}, read for each named node's virtual size (its {@code image}'s
 * {@code virtual-size}): node name to bytes.
 */
public record QueryNodeSizes() implements ArgumentlessCommand<Map<String, Long>> {
    @Override
    public String name() {
        return "query-named-block-nodes";
    }

    @Override
    public Map<String, Long> decode(JsonNode returned) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        CommandJson.list(returned, n -> n).forEach(n -> {
            JsonNode image = n.get("image");
            if (n.hasNonNull("node-name") && image != null && image.has("virtual-size")) {
                sizes.put(n.get("node-name").asText(), CommandJson.number(image, "virtual-size"));
            }
        });
        return Map.copyOf(sizes);
    }
}
