package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.schema.QmpSchema;

/**
 * {@code query-qmp-schema}: the full QAPI schema (about 200 KiB on QEMU 7.2).
 *
 */
public record QueryQmpSchema() implements ArgumentlessCommand<QmpSchema> {
    @Override
    public String name() {
        return "query-qmp-schema";
    }

    @Override
    public QmpSchema decode(JsonNode returned) {
        return QmpSchema.parse(returned);
    }
}
