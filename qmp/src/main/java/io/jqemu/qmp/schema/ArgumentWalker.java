package io.jqemu.qmp.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jqemu.qmp.QmpSchemaException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Walks one command's arguments through the schema's types; the first mismatch is thrown. */
final class ArgumentWalker {
    private static final int MAX_DEPTH = 32;

    private final String command;
    private final Map<String, JsonNode> types;
    private final boolean openTopLevel;

    ArgumentWalker(String command, Map<String, JsonNode> types, boolean openTopLevel) {
        this.command = command;
        this.types = types;
        this.openTopLevel = openTopLevel;
    }

    void checkArguments(String argumentType, JsonNode arguments) {
        JsonNode args = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments;
        JsonNode t = types.get(argumentType);
        if (t == null) {
            return;
        }
        checkObject(t, args, "", openTopLevel, 0);
    }

    private void check(String typeName, JsonNode value, String path, int depth) {
        JsonNode t = types.get(typeName);
        if (t == null || depth > MAX_DEPTH) {
            return;
        }
        switch (t.path("meta-type").asText()) {
            case "builtin" -> checkBuiltin(t.path("json-type").asText(), value, path);
            case "enum" -> checkEnum(t, value, path);
            case "array" -> checkArray(t, value, path, depth);
            case "object" -> checkObject(t, value, path, false, depth);
            case "alternate" -> checkAlternate(t, value, path, depth);
            default -> {
                // a meta-type newer than this client: QEMU checks it
            }
        }
    }

    private void checkBuiltin(String jsonType, JsonNode value, String path) {
        boolean ok = switch (jsonType) {
            case "string" -> value.isTextual();
            case "int" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
        if (!ok) {
            throw wrong(path, "must be " + article(jsonType) + ", got " + shown(value));
        }
    }

    private void checkEnum(JsonNode t, JsonNode value, String path) {
        TreeSet<String> values = new TreeSet<>();
        t.path("values").forEach(v -> values.add(v.asText()));
        if (!value.isTextual() || !values.contains(value.asText())) {
            throw wrong(path, "must be one of " + String.join(", ", values) + ", got " + shown(value));
        }
    }

    private void checkArray(JsonNode t, JsonNode value, String path, int depth) {
        if (!value.isArray()) {
            throw wrong(path, "must be an array, got " + shown(value));
        }
        String element = t.path("element-type").asText();
        for (int i = 0; i < value.size(); i++) {
            check(element, value.get(i), path + "[" + i + "]", depth + 1);
        }
    }

    private void checkObject(JsonNode t, JsonNode value, String path, boolean open, int depth) {
        if (!value.isObject()) {
            throw wrong(path, "must be an object, got " + shown(value));
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        collectMembers(t, value, members, 0);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode member = members.get(field.getKey());
            if (member == null) {
                if (open) {
                    continue;
                }
                throw new QmpSchemaException("QMP command '" + command + "' has no argument '"
                        + join(path, field.getKey()) + "'; valid arguments"
                        + (path.isEmpty() ? "" : " of '" + path + "'") + ": "
                        + (members.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(members.keySet()))));
            }
            check(member.path("type").asText(), field.getValue(), join(path, field.getKey()), depth + 1);
        }
        for (JsonNode member : members.values()) {
            String name = member.path("name").asText();
            if (!member.has("default") && !value.has(name)) {
                throw new QmpSchemaException("QMP command '" + command + "': missing argument '"
                        + join(path, name) + "'");
            }
        }
    }

    /** The members of an object type plus those of the variant its tag selects, recursively. */
    private void collectMembers(JsonNode t, JsonNode value, Map<String, JsonNode> out, int depth) {
        t.path("members").forEach(m -> out.put(m.path("name").asText(), m));
        String tag = t.path("tag").asText(null);
        if (tag == null || depth > MAX_DEPTH) {
            return;
        }
        JsonNode tagValue = value.get(tag);
        if (tagValue == null || !tagValue.isTextual()) {
            return;
        }
        for (JsonNode variant : t.path("variants")) {
            if (tagValue.asText().equals(variant.path("case").asText())) {
                JsonNode variantType = types.get(variant.path("type").asText());
                if (variantType != null) {
                    collectMembers(variantType, value, out, depth + 1);
                }
            }
        }
    }

    private void checkAlternate(JsonNode t, JsonNode value, String path, int depth) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode branch : t.path("members")) {
            String branchType = branch.path("type").asText();
            String kind = jsonKind(branchType);
            kinds.add(kind);
            if (accepts(kind, value)) {
                check(branchType, value, path, depth + 1);
                return;
            }
        }
        throw wrong(path, "must be " + String.join(" or ", kinds.stream().map(ArgumentWalker::article).toList())
                + ", got " + shown(value));
    }

    /** The JSON type a branch of an alternate takes: alternates dispatch on it. */
    private String jsonKind(String typeName) {
        JsonNode t = types.get(typeName);
        if (t == null) {
            return "value";
        }
        return switch (t.path("meta-type").asText()) {
            case "builtin" -> t.path("json-type").asText();
            case "enum" -> "string";
            case "array" -> "array";
            case "object" -> "object";
            default -> "value";
        };
    }

    private static boolean accepts(String kind, JsonNode value) {
        return switch (kind) {
            case "string" -> value.isTextual();
            case "int" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private QmpSchemaException wrong(String path, String what) {
        return new QmpSchemaException("QMP command '" + command + "': argument '" + path + "' " + what);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String article(String jsonType) {
        return switch (jsonType) {
            case "int" -> "an integer";
            case "array", "object" -> "an " + jsonType;
            case "null" -> "null";
            case "value" -> "any value";
            default -> "a " + jsonType;
        };
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
