package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code blockdev-backup}: copy a node into a target node as a job that is not dismissed
 * automatically. Also a {@link Transaction} action.
 *
 * @param jobId the job id
 * @param device the node to back up
 * @param target the node to write into
 * @param sync {@code full}, {@code incremental} or {@code bitmap}
 * @param bitmap the dirty bitmap for {@code incremental}/{@code bitmap} sync; cleared only when the job succeeds
 * @param speed the rate limit in bytes per second, or empty for none
 */
public record BlockdevBackup(String jobId, String device, String target, String sync, Optional<String> bitmap,
                             OptionalLong speed) implements VoidCommand {
    @Override
    public String name() {
        return "blockdev-backup";
    }

    @Override
    public Optional<ObjectNode> arguments() {
        ObjectNode args = CommandJson.object().put("job-id", jobId).put("device", device).put("target", target)
                .put("sync", sync).put("auto-dismiss", false);
        bitmap.ifPresent(b -> args.put("bitmap", b));
        speed.ifPresent(s -> args.put("speed", s));
        return Optional.of(args);
    }
}
