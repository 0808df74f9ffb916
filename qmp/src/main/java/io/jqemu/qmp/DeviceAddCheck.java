package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Checks {@code device_add}'s driver properties against the driver's {@code device-list-properties}:
 * the QAPI schema lists only {@code driver}, {@code bus} and {@code id}.
 */
final class DeviceAddCheck {
    /** The arguments of {@code device_add} itself, not properties of the driver. */
    private static final Set<String> COMMAND_ARGUMENTS = Set.of("driver", "bus", "id");

    private DeviceAddCheck() {
    }

    static Optional<String> driverOf(String command, Optional<ObjectNode> arguments) {
        if (!"device_add".equals(command)) {
            return Optional.empty();
        }
        return arguments.map(a -> a.get("driver")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    static void check(String driver, ObjectNode arguments, CompletableFuture<Set<String>> properties) {
        Set<String> names;
        try {
            names = properties.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof QmpErrorException refused) {
                throw new QmpSchemaException("QMP command 'device_add': argument 'driver' names no device driver "
                        + "of this QEMU: '" + driver + "' (" + refused.description() + ")");
            }
            if (cause instanceof QmpException q) {
                throw q;
            }
            throw e;
        }
        for (Iterator<String> it = arguments.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!COMMAND_ARGUMENTS.contains(name) && !names.contains(name)) {
                Set<String> valid = new TreeSet<>(names);
                valid.addAll(COMMAND_ARGUMENTS);
                throw new QmpSchemaException("QMP command 'device_add' has no argument '" + name + "' for driver '"
                        + driver + "'; valid arguments: " + String.join(", ", valid));
            }
        }
    }
}
