package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code query-pci}: every PCI bus with its devices (bridges include the bus behind them). */
public record QueryPci() implements ArgumentlessCommand<List<PciBus>> {
    @Override
    public String name() {
        return "query-pci";
    }

    @Override
    public List<PciBus> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> PciBus.from(n, "bus"));
    }
}
