package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A job as reported by {@code query-jobs}.
 *
 * @param id the job id
 * @param type the job type, e.g. {@code backup}, {@code commit}, {@code create}
 * @param status the job status, e.g. {@code running}, {@code ready}, {@code concluded}
 * @param currentProgress the progress so far, in units of the job's choosing (bytes for block jobs)
 * @param totalProgress the estimated total; it may grow while the job runs
 * @param error QEMU's error text once a job has failed
 */
public record JobInfo(String id, String type, String status, long currentProgress, long totalProgress,
                      Optional<String> error) {
    static JobInfo from(JsonNode n) {
        return new JobInfo(CommandJson.text(n, "id"), CommandJson.text(n, "type"), CommandJson.text(n, "status"),
                CommandJson.number(n, "current-progress"), CommandJson.number(n, "total-progress"),
                CommandJson.optionalText(n, "error"));
    }
}
