package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QemuVersion;

/**
 * {@code query-version}: the QEMU version.
 *
 */
public record QueryVersion() implements ArgumentlessCommand<QemuVersion> {
    @Override
    public String name() {
        return "query-version";
    }

    @Override
    public QemuVersion decode(JsonNode returned) {
        JsonNode q = CommandJson.required(returned, "qemu");
        return new QemuVersion((int) CommandJson.number(q, "major"), (int) CommandJson.number(q, "minor"),
                (int) CommandJson.number(q, "micro"), CommandJson.optionalText(returned, "package").orElse("").trim());
    }
}
