package io.jqemu.qmp.ga;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.qmp.QmpProtocolException;
import java.util.Objects;

/**
 * One address of a guest network interface.
 *
 * @param address the address as the guest writes it, e.g. {@code 10.0.2.15} or {@code fe80::1}
 * @param type IPv4 or IPv6
 * @param prefix the prefix length, e.g. 24
 */
public record GuestIpAddress(String address, Type type, int prefix) {
    /** The address family. */
    public enum Type {
        /** {@code ipv4}. */
        IPV4,
        /** {@code ipv6}. */
        IPV6
    }

    /** Rejects a missing part (null) and a prefix that does not fit the address family. */
    public GuestIpAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        int max = type == Type.IPV4 ? 32 : 128;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix of " + address + " must be 0.." + max + ", got " + prefix);
        }
    }

    /** {@return {@code address/prefix}, e.g. {@code 10.0.2.15/24}} */
    public String cidr() {
        return address + "/" + prefix;
    }

    static GuestIpAddress from(JsonNode n) {
        String family = AgentJson.text(n, "ip-address-type");
        Type type = switch (family) {
            case "ipv4" -> Type.IPV4;
            case "ipv6" -> Type.IPV6;
            default -> throw new QmpProtocolException("guest agent reply: unknown ip-address-type '" + family + "'");
        };
        String address = AgentJson.text(n, "ip-address");
        long prefix = AgentJson.number(n, "prefix");
        try {
            return new GuestIpAddress(address, type, Math.toIntExact(prefix));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new QmpProtocolException("guest agent reply: prefix " + prefix + " of " + address + " is out of range");
        }
    }
}
