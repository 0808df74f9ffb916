package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code migrate}: start sending the VM's state (RAM and devices) to {@code uri}, e.g.
 * {@code fd:NAME} for a descriptor given with {@link GetFd}. Returns at once; follow it with
 * {@link QueryMigrate}.
 *
 * @param uri the migration URI
 */
public record Migrate(String uri) implements VoidCommand {
    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("uri", uri));
    }
}
