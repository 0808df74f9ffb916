package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code block-commit}: merge the images above {@code baseNode} into it, as a job that is not
 * dismissed automatically (its end stays readable in {@code query-jobs} until {@link JobDismiss}).
 * When {@code top} is the device's active node this is an active commit: the job becomes
 * {@code ready} and pivots to the base on {@link JobComplete}.
 *
 * @param jobId the job id
 * @param device the node at the top of the chain (the active node for an active commit)
 * @param baseNode the node to commit into
 * @param speed the rate limit in bytes per second, or empty for none
 */
public record BlockCommit(String jobId, String device, String baseNode, OptionalLong speed) implements VoidCommand {
    @Override
    public String name() {
        return "block-commit";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode args = CommandJson.object().put("job-id", jobId).put("device", device).put("base-node", baseNode)
                .put("auto-dismiss", false);
        speed.ifPresent(s -> args.put("speed", s));
        return Optional.of(args);
    }
}
