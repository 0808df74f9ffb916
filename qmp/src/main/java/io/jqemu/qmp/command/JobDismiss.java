package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code job-dismiss}: remove a concluded job from {@code query-jobs}.
 *
 * @param id the job id
 */
public record JobDismiss(String id) implements VoidCommand {
    @Override
    public String name() {
        return "job-dismiss";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
