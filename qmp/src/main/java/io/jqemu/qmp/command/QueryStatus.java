package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code query-status}: the VM's run state. */
public record QueryStatus() implements ArgumentlessCommand<StatusInfo> {
    @Override
    public String name() {
        return "query-status";
    }

    @Override
    public StatusInfo decode(JsonNode returned) {
        return StatusInfo.from(returned);
    }
}
