package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code migrate-incoming}: receive a VM's state from {@code uri} (QEMU started with
 * {@code -incoming defer}), e.g. {@code fd:NAME} for a descriptor given with {@link GetFd}. Returns
 * at once; follow it with {@link QueryMigrate} or {@link QueryStatus} (run state {@code inmigrate}
 * while it lasts).
 *
 * @param uri the migration URI
 */
public record MigrateIncoming(String uri) implements VoidCommand {
    @Override
    public String name() {
        return "migrate-incoming";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("uri", uri));
    }
}
