package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QemuVersion;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code query-version}: the QEMU version.
 *
 */
public record QueryVersion() implements QmpCommand<QemuVersion> {
    @Override
    public String name() {
        return "query-version";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.empty();
    }

    @Override
    public QemuVersion decode(JsonNode returned) {
        JsonNode q = CommandJson.required(returned, "qemu");
        return new QemuVersion((int) CommandJson.number(q, "major"), (int) CommandJson.number(q, "minor"),
                (int) CommandJson.number(q, "micro"), CommandJson.optionalText(returned, "package").orElse("").trim());
    }
}
