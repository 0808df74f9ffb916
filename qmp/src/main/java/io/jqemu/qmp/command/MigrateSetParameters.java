package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code migrate-set-parameters} with {@code max-bandwidth}: how fast a migration (or a state save
 * to a file) may send.
 *
 * @param maxBandwidth bytes per second
 */
public record MigrateSetParameters(long maxBandwidth) implements VoidCommand {
    @Override
    public String name() {
        return "migrate-set-parameters";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("max-bandwidth", maxBandwidth));
    }
}
