package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/** {@code query-status}: the VM's run state. */
public record QueryStatus() implements QmpCommand<StatusInfo> {
    @Override
    public String name() {
        return "query-status";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public StatusInfo decode(JsonNode returned) {
        return StatusInfo.from(returned);
    }
}
