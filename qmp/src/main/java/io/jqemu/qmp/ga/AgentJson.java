package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads the agent's replies into the records of this package; a malformed reply is a protocol error. */
final class AgentJson {
    private AgentJson() {
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new QmpProtocolException("guest agent reply is missing '" + field + "' in " + node);
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isTextual()) {
            throw new QmpProtocolException("guest agent reply member '" + field + "' is not a string: " + v);
        }
        return v.asText();
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    static long number(JsonNode node, String field) {
        return integer(required(node, field), "'" + field + "'");
    }

    static long integer(JsonNode value, String what) {
        if (!value.isIntegralNumber()) {
            throw new QmpProtocolException("guest agent reply " + what + " is not an integer: " + value);
        }
        return value.asLong();
    }

    static boolean bool(JsonNode node, String field, boolean absent) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? absent : v.asBoolean();
    }

    /** The elements of an array member; an absent member is an empty list. */
    static <T> List<T> optionalList(JsonNode node, String field, Function<JsonNode, T> element) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? List.of() : list(v, element);
    }

    static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        if (!array.isArray()) {
            throw new QmpProtocolException("guest agent reply: expected a JSON array, got " + array);
        }
        List<T> out = new ArrayList<>(array.size());
        array.forEach(n -> out.add(element.apply(n)));
        return List.copyOf(out);
    }
}
