package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One command the agent knows, from {@code guest-info}.
 *
 * @param name the command, e.g. {@code guest-ping}
 * @param enabled false when the agent was started with it blocked ({@code qemu-ga -b})
 * @param successResponse false for commands that send no reply when they succeed ({@code guest-shutdown})
 */
public record GuestAgentCommand(String name, boolean enabled, boolean successResponse) {
    /** Checks the name is present. */
    public GuestAgentCommand {
        Objects.requireNonNull(name, "name");
    }

    static GuestAgentCommand from(JsonNode n) {
        return new GuestAgentCommand(AgentJson.text(n, "name"), AgentJson.bool(n, "enabled", true),
                AgentJson.bool(n, "success-response", true));
    }
}
