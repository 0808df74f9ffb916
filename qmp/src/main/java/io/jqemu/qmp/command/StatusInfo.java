package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reply of {@code query-status}.
 *
 * @param running whether the vCPUs run
 * @param status QEMU's run state, e.g. {@code prelaunch}, {@code running}, {@code paused}
 */
public record StatusInfo(boolean running, String status) {
    static StatusInfo from(JsonNode n) {
        return new StatusInfo(CommandJson.bool(n, "running"), CommandJson.text(n, "status"));
    }
}
