package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/** {@code query-pci}: every PCI bus with its devices (bridges include the bus behind them). */
public record QueryPci() implements QmpCommand<List<PciBus>> {
    @Override
    public String name() {
        return "query-pci";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public List<PciBus> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> PciBus.from(n, "bus"));
    }
}
