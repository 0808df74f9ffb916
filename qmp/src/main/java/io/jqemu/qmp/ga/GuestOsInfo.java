package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The reply of {@code guest-get-osinfo}; every member is optional (the agent leaves out what the
 * guest does not say, e.g. the {@code os-release} fields of a guest without {@code /etc/os-release}).
 *
 * @param kernelRelease e.g. {@code 6.1.0-57-amd64} ({@code uname -r})
 * @param kernelVersion the kernel's build string ({@code uname -v})
 * @param machine e.g. {@code x86_64}
 * @param id the OS id from {@code os-release}, e.g. {@code debian}
 * @param name e.g. {@code Debian GNU/Linux}
 * @param prettyName e.g. {@code Debian GNU/Linux 12 (bookworm)}
 * @param version e.g. {@code 12 (bookworm)}
 * @param versionId e.g. {@code 12}
 * @param variant e.g. {@code Server}
 * @param variantId e.g. {@code server}
 */
public record GuestOsInfo(Optional<String> kernelRelease, Optional<String> kernelVersion, Optional<String> machine,
        Optional<String> id, Optional<String> name, Optional<String> prettyName, Optional<String> version,
        Optional<String> versionId, Optional<String> variant, Optional<String> variantId) {

    static GuestOsInfo from(JsonNode n) {
        return new GuestOsInfo(AgentJson.optionalText(n, "kernel-release"), AgentJson.optionalText(n, "kernel-version"),
                AgentJson.optionalText(n, "machine"), AgentJson.optionalText(n, "id"), AgentJson.optionalText(n, "name"),
                AgentJson.optionalText(n, "pretty-name"), AgentJson.optionalText(n, "version"),
                AgentJson.optionalText(n, "version-id"), AgentJson.optionalText(n, "variant"),
                AgentJson.optionalText(n, "variant-id"));
    }
}
