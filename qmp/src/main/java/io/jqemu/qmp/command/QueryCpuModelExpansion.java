package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpCommand;
import java.util.Optional;

/**
 * {@code query-cpu-model-expansion}: a CPU model with properties expanded to every property it ends up
 * with. QEMU refuses an unknown model ("CPU model 'x' not found") or property ("Property 'x' not found").
 *
 * @param type       {@code full} (every property) or {@code static}
 * @param model      the model name
 * @param properties properties to set on the model first, e.g. {@code {"avx2": true}}
 */
public record QueryCpuModelExpansion(String type, String model, ObjectNode properties) implements QmpCommand<ObjectNode> {
    /** Copies the properties. */
    public QueryCpuModelExpansion {
        properties = properties.deepCopy();
    }

    @Override
    public String name() {
        return "query-cpu-model-expansion";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode model = CommandJson.object().put("name", this.model);
        model.set("props", properties.deepCopy());
        ObjectNode args = CommandJson.object().put("type", type);
        args.set("model", model);
        return Optional.of(args);
    }

    /** The expanded model's properties. */
    @Override
    public ObjectNode decode(JsonNode returned) {
        JsonNode props = CommandJson.required(CommandJson.required(returned, "model"), "props");
        return props.isObject() ? ((ObjectNode) props).deepCopy() : CommandJson.object();
    }
}
