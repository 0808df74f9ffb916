package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.List;
import java.util.Optional;

/**
 * {@code qom-list}: list the properties (and children) of a QOM object.
 *
 * @param path the QOM path, e.g. {@code /machine}
 */
public record QomList(String path) implements QmpCommand<List<QomProperty>> {
    @Override
    public String name() {
        return "qom-list";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("path", path));
    }

    @Override
    public List<QomProperty> decode(JsonNode returned) {
        return CommandJson.list(returned, n -> new QomProperty(CommandJson.text(n, "name"), CommandJson.text(n, "type")));
    }
}
