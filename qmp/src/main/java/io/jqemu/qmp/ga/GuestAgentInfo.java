package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The reply of {@code guest-info}.
 *
 * @param version the agent's version, e.g. {@code 7.2.0}
 * @param supportedCommands every command the agent knows, enabled or not
 */
public record GuestAgentInfo(String version, List<GuestAgentCommand> supportedCommands) {
    /** Rejects a missing part (null) and keeps an unmodifiable copy of the list. */
    public GuestAgentInfo {
        Objects.requireNonNull(version, "version");
        supportedCommands = List.copyOf(supportedCommands);
    }

    /**
     * Whether the agent runs a command: it knows it and it is not blocked.
     *
     * @param command e.g. {@code guest-fsfreeze-freeze}
     * @return true when listed and enabled
     */
    public boolean supports(String command) {
        return supportedCommands.stream().anyMatch(c -> c.name().equals(command) && c.enabled());
    }

    static GuestAgentInfo from(JsonNode n) {
        return new GuestAgentInfo(AgentJson.text(n, "version"),
                AgentJson.optionalList(n, "supported_commands", GuestAgentCommand::from));
    }
}
