package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code query-iothreads}: the iothread objects and the host threads running them. */
public record QueryIothreads() implements ArgumentlessCommand<List<IothreadInfo>> {
    @Override
    public String name() {
        return "query-iothreads";
    }

    @Override
    public List<IothreadInfo> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> new IothreadInfo(CommandJson.text(n, "id"),
                CommandJson.number(n, "thread-id")));
    }
}
