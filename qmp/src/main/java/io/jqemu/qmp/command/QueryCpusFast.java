package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/**
 * {@code query-cpus-fast}: the vCPUs without interrupting them.
 *
 */
public record QueryCpusFast() implements QmpCommand<List<CpuInfo>> {
    @Override
    public String name() {
        return "query-cpus-fast";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public List<CpuInfo> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> new CpuInfo((int) CommandJson.number(n, "cpu-index"),
                CommandJson.text(n, "qom-path"), CommandJson.number(n, "thread-id"), CommandJson.text(n, "target")));
    }
}
