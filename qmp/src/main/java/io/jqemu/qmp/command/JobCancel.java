package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * {@code job-cancel}: cancel a job; it concludes as aborted.
 *
 * @param id the job id
 */
public record JobCancel(String id) implements VoidCommand {
    @Override
    public String name() {
        return "job-cancel";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        return Optional.of(CommandJson.object().put("id", id));
    }
}
