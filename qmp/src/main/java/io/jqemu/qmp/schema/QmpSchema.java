package io.jqemu.qmp.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpProtocolException;
import io.jqemu.qmp.QmpSchemaException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A QEMU's QAPI schema, read from {@code query-qmp-schema}: every command with the type of its
 * arguments. {@link #check} walks a command's arguments through that type the way QEMU's QMP input
 * visitor does: object members (required ones present, unknown ones refused), flat unions by their
 * tag, alternates by the JSON type of the value, arrays, enums and the JSON types of the built-in
 * types. Immutable and thread-safe.
 */
public final class QmpSchema {
    /**
     * Commands that accept more top-level arguments than their schema lists: {@code device_add}
     * also takes every property of the chosen driver ({@code 'gen': false} in QEMU's schema).
     */
    private static final Set<String> OPEN_ARGUMENT_COMMANDS = Set.of("device_add");

    private final Map<String, JsonNode> types;
    private final Map<String, String> argumentTypeByCommand;

    private QmpSchema(Map<String, JsonNode> types, Map<String, String> argumentTypeByCommand) {
        this.types = Map.copyOf(types);
        this.argumentTypeByCommand = Map.copyOf(argumentTypeByCommand);
    }

    /**
     * Reads the reply of {@code query-qmp-schema}.
     *
     * @param schemaInfoList the {@code return} array of SchemaInfo objects
     * @return the schema
     * @throws QmpProtocolException when the reply is not an array
     */
    public static QmpSchema parse(JsonNode schemaInfoList) {
        if (!schemaInfoList.isArray()) {
            throw new QmpProtocolException("query-qmp-schema did not return an array");
        }
        Map<String, JsonNode> types = new HashMap<>();
        Map<String, String> commands = new HashMap<>();
        for (JsonNode info : schemaInfoList) {
            String name = info.path("name").asText();
            String metaType = info.path("meta-type").asText();
            if ("command".equals(metaType)) {
                commands.put(name, info.path("arg-type").asText());
            } else if (!"event".equals(metaType)) {
                types.put(name, info);
            }
        }
        return new QmpSchema(types, commands);
    }

    /** {@return every command name, sorted} */
    public Set<String> commandNames() {
        return new TreeSet<>(argumentTypeByCommand.keySet());
    }

    /**
     * The top-level argument names of a command (for a union, the members of every variant).
     *
     * @param command the command name
     * @return its argument names, or empty when the command is unknown
     */
    public Optional<Set<String>> argumentNames(String command) {
        String type = argumentTypeByCommand.get(command);
        if (type == null) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        collectMemberNames(type, names, 0);
        return Optional.of(names);
    }

    private void collectMemberNames(String type, Set<String> out, int depth) {
        JsonNode t = types.get(type);
        if (t == null || depth > 4 || !"object".equals(t.path("meta-type").asText())) {
            return;
        }
        t.path("members").forEach(m -> out.add(m.path("name").asText()));
        t.path("variants").forEach(v -> collectMemberNames(v.path("type").asText(), out, depth + 1));
    }

    /**
     * Checks a command and its arguments, nested ones included, against the schema. For
     * {@code device_add} only the arguments the schema lists are checked; the driver's own
     * properties are QEMU's to list ({@code device-list-properties}).
     *
     * @param command the command name
     * @param arguments the arguments object, or empty for none
     * @throws QmpSchemaException naming the command and the path of the first wrong argument
     *     ({@code file.filename}, {@code keys[0].data}), with the valid names where there are some
     */
    public void check(String command, Optional<? extends JsonNode> arguments) {
        String type = argumentTypeByCommand.get(command);
        if (type == null) {
            throw new QmpSchemaException("unknown QMP command '" + command + "'; this QEMU accepts: "
                    + String.join(", ", commandNames()));
        }
        new ArgumentWalker(command, types, OPEN_ARGUMENT_COMMANDS.contains(command))
                .checkArguments(type, arguments.orElse(null));
    }
}
