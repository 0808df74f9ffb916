package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code query-jobs}: every job QEMU knows, concluded ones included until they are dismissed. */
public record QueryJobs() implements ArgumentlessCommand<List<JobInfo>> {
    @Override
    public String name() {
        return "query-jobs";
    }

    @Override
    public List<JobInfo> decode(JsonNode returned) {
        return CommandJson.list(returned, JobInfo::from);
    }
}
