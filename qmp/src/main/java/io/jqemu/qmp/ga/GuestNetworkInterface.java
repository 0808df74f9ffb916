package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One network interface of the guest, from {@code guest-network-get-interfaces}.
 *
 * @param name the guest's name for it, e.g. {@code eth0}
 * @param hardwareAddress its MAC address, e.g. {@code 52:54:00:12:34:56} (absent for some, e.g. on Windows)
 * @param ipAddresses its addresses with their prefix lengths, in the agent's order
 */
public record GuestNetworkInterface(String name, Optional<String> hardwareAddress, List<GuestIpAddress> ipAddresses) {
    /** Rejects a missing part (null) and keeps an unmodifiable copy of the list. */
    public GuestNetworkInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        ipAddresses = List.copyOf(ipAddresses);
    }

    static GuestNetworkInterface from(JsonNode n) {
        return new GuestNetworkInterface(AgentJson.text(n, "name"), AgentJson.optionalText(n, "hardware-address"),
                AgentJson.optionalList(n, "ip-addresses", GuestIpAddress::from));
    }
}
