package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code query-cpus-fast}: the vCPUs without interrupting them.
 *
 */
public record QueryCpusFast() implements ArgumentlessCommand<List<CpuInfo>> {
    @Override
    public String name() {
        return "query-cpus-fast";
    }

    @Override
    public List<CpuInfo> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> new CpuInfo((int) CommandJson.number(n, "cpu-index"),
                CommandJson.text(n, "qom-path"), CommandJson.number(n, "thread-id"), CommandJson.text(n, "target")));
    }
}
