package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code job-complete}: finish a job that is ready (an active commit's pivot).
 *
 * @param id the job id
 */
public record JobComplete(String id) implements VoidCommand {
    @Override
    public String name() {
        return "job-complete";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
