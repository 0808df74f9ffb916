package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code query-cpu-definitions}: every CPU model of the binary, with what each lacks on this host. */
public record QueryCpuDefinitions() implements ArgumentlessCommand<List<CpuDefinition>> {
    @Override
    public String name() {
        return "query-cpu-definitions";
    }

    @Override
    public List<CpuDefinition> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> new CpuDefinition(CommandJson.text(n, "name"),
                n.has("unavailable-features") ? CommandJson.list(n.get("unavailable-features"), JsonNode::asText) : List.of(),
                CommandJson.bool(n, "deprecated"), CommandJson.optionalText(n, "alias-of")));
    }
}
