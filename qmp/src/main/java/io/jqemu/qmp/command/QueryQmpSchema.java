package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import io.jqemu.qmp.schema.QmpSchema;
import java.util.Optional;

/**
 * {@code query-qmp-schema}: the full QAPI schema (about 200 KiB on QEMU 7.2).
 *
 */
public record QueryQmpSchema() implements QmpCommand<QmpSchema> {
    @Override
    public String name() {
        return "query-qmp-schema";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public QmpSchema decode(JsonNode returned) {
        return QmpSchema.parse(returned);
    }
}
