package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code migrate-set-capabilities} for one capability, e.g. {@code x-ignore-shared} (guest RAM in a
 * shared memory backend is left out of the stream). Both ends of a migration, a state file's save and
 * its restore, must set the same capabilities.
 *
 * @param capability the capability's QAPI name
 * @param state      on or off
 */
public record MigrateSetCapabilities(String capability, boolean state) implements VoidCommand {
    /** Requires the capability. */
    public MigrateSetCapabilities {
        Objects.requireNonNull(capability, "capability");
    }

    @Override
    public String name() {
        return "migrate-set-capabilities";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode arguments = CommandJson.object();
        ArrayNode list = arguments.putArray("capabilities");
        list.addObject().put("capability", capability).put("state", state);
        return Optional.of(arguments);
    }
}
