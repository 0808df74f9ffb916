package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpProtocolException;

/** The reply of {@code guest-fsfreeze-status}. */
public enum FsFreezeStatus {
    /** No file system is frozen by the agent ({@code thawed}). */
    THAWED,
    /** The agent froze the guest's file systems ({@code frozen}) and refuses most commands until thawed. */
    FROZEN;

    static FsFreezeStatus from(JsonNode n) {
        return switch (n.asText()) {
            case "thawed" -> THAWED;
            case "frozen" -> FROZEN;
            default -> throw new QmpProtocolException("guest agent reply: unknown fsfreeze status " + n);
        };
    }
}
