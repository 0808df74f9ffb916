package io.jqemu.qmp.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpProtocolException;
import io.jqemu.qmp.QmpSchemaException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The commands of a QEMU's QAPI schema (from {@code query-qmp-schema}) with the top-level argument
 * names each accepts. Used by the opt-in schema check to reject unknown commands and arguments
 * before they are sent.
 */
public final class QmpSchema {
    /**
     * Commands whose schema lists only some of the arguments QEMU accepts: {@code device_add} also
     * takes every property of the chosen driver ({@code 'gen': false} in QEMU's schema).
     */
    private static final Set<String> OPEN_ARGUMENT_COMMANDS = Set.of("device_add");

    private final Map<String, Set<String>> argumentsByCommand;

    private QmpSchema(Map<String, Set<String>> argumentsByCommand) {
        this.argumentsByCommand = Map.copyOf(argumentsByCommand);
    }

    /**
     * Reads the reply of {@code query-qmp-schema}.
     *
     * @param schemaInfoList the {@code return} array of SchemaInfo objects
     * @return the schema
     */
    public static QmpSchema parse(JsonNode schemaInfoList) {
        if (!schemaInfoList.isArray()) {
            throw new QmpProtocolException("query-qmp-schema did not return an array");
        }
        Map<String, JsonNode> byName = new HashMap<>();
        schemaInfoList.forEach(info -> byName.put(info.path("name").asText(), info));
        Map<String, Set<String>> commands = new HashMap<>();
        for (JsonNode info : schemaInfoList) {
            if ("command".equals(info.path("meta-type").asText())) {
                Set<String> args = new TreeSet<>();
                collectMembers(byName, info.path("arg-type").asText(), args, 0);
                commands.put(info.path("name").asText(), args);
            }
        }
        return new QmpSchema(commands);
    }

    private static void collectMembers(Map<String, JsonNode> byName, String type, Set<String> out, int depth) {
        JsonNode t = byName.get(type);
        if (t == null || depth > 4 || !"object".equals(t.path("meta-type").asText())) {
            return;
        }
        t.path("members").forEach(m -> out.add(m.path("name").asText()));
        t.path("variants").forEach(v -> collectMembers(byName, v.path("type").asText(), out, depth + 1));
    }

    /** @return every command name, sorted */
    public Set<String> commandNames() {
        return new TreeSet<>(argumentsByCommand.keySet());
    }

    /**
     * The top-level argument names of a command (every variant's members for unions).
     *
     * @param command the command name
     * @return its argument names, or empty when the command is unknown
     */
    public Optional<Set<String>> argumentNames(String command) {
        return Optional.ofNullable(argumentsByCommand.get(command));
    }

    /**
     * Checks a command and its top-level argument names against the schema.
     *
     * @param command the command name
     * @param arguments the arguments object, or null/empty for none
     * @throws QmpSchemaException naming the unknown command or argument and listing the valid names
     */
    public void check(String command, Optional<? extends JsonNode> arguments) {
        Set<String> valid = argumentsByCommand.get(command);
        if (valid == null) {
            throw new QmpSchemaException("unknown QMP command '" + command + "'; this QEMU accepts: "
                    + String.join(", ", commandNames()));
        }
        if (arguments.isEmpty() || OPEN_ARGUMENT_COMMANDS.contains(command)) {
            return;
        }
        for (Iterator<String> it = arguments.get().fieldNames(); it.hasNext(); ) {
            String arg = it.next();
            if (!valid.contains(arg)) {
                throw new QmpSchemaException("QMP command '" + command + "' has no argument '" + arg
                        + "'; valid arguments: " + (valid.isEmpty() ? "(none)" : String.join(", ", valid)));
            }
        }
    }
}
