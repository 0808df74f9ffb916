package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A host port forwarded into a user-mode network guest ({@code hostfwd}).
 *
 * @param protocol     tcp or udp
 * @param hostAddress  the host IPv4 address to listen on, or empty for {@value #DEFAULT_HOST_ADDRESS} (loopback
 *                     only: other machines cannot reach the forward; {@code 0.0.0.0} listens on every address)
 * @param hostPort     the host port (1 to 65535)
 * @param guestAddress the guest IPv4 address, or empty for the first DHCP lease
 * @param guestPort    the guest port (1 to 65535)
 */
public record PortForward(Protocol protocol, Optional<String> hostAddress, int hostPort,
                          Optional<String> guestAddress, int guestPort) {

    /** Where a forward without a host address listens: loopback only. */
    public static final String DEFAULT_HOST_ADDRESS = "127.0.0.1";

    /** Refuses null components; the exception names the component. */
    public PortForward {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(guestAddress, "guestAddress");
    }

    /** A TCP forward from {@code hostAddress:hostPort} to the guest's {@code guestPort}. */
    public static PortForward tcp(String hostAddress, int hostPort, int guestPort) {
        return new PortForward(Protocol.TCP, Optional.of(hostAddress), hostPort, Optional.empty(), guestPort);
    }

    /**
     * QEMU's hostfwd syntax: {@code tcp:hostaddr:hostport-guestaddr:guestport} (addresses validated as IPv4).
     * Without a host address the forward listens on loopback only ({@link #DEFAULT_HOST_ADDRESS}).
     */
    public String hostForward() {
        return protocol.name().toLowerCase() + ":" + hostAddress.orElse(DEFAULT_HOST_ADDRESS) + ":" + hostPort + "-"
                + guestAddress.orElse("") + ":" + guestPort;
    }

    /** Transport protocol of a forward. */
    public enum Protocol {
        /** TCP. */
        TCP,
        /** UDP. */
        UDP
    }
}
