package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.qmp.QmpProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small helpers the command records share for building arguments and reading replies. */
final class CommandJson {
    private CommandJson() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new QmpProtocolException("reply is missing '" + field + "' in " + node);
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    static long number(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isNumber()) {
            throw new QmpProtocolException("reply member '" + field + "' is not a number: " + v);
        }
        return v.asLong();
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.asBoolean();
    }

    static <T> List<T> list(JsonNode node, Function<JsonNode, T> element) {
        if (!node.isArray()) {
            throw new QmpProtocolException("expected a JSON array, got " + node);
        }
        List<T> out = new ArrayList<>(node.size());
        node.forEach(n -> out.add(element.apply(n)));
        return List.copyOf(out);
    }

    static ObjectNode merge(ObjectNode properties, ObjectNode fixed) {
        ObjectNode out = properties.deepCopy();
        out.setAll(fixed);
        return out;
    }
}
