package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/** Where a remote console (VNC or SPICE) listens for viewers. */
public sealed interface ConsoleListener permits ConsoleListener.UnixSocket, ConsoleListener.Tcp {

    /** A unix socket in the VM's private runtime directory ({@code vnc.sock} or {@code spice.sock}). */
    static ConsoleListener privateSocket() {
        return new UnixSocket(Optional.empty());
    }

    /** A unix socket at {@code path} (absolute). */
    static ConsoleListener unixSocket(String path) {
        return new UnixSocket(Optional.of(path));
    }

    /** A TCP listener on {@code address:port}. */
    static ConsoleListener tcp(String address, int port) {
        return new Tcp(address, port);
    }

    /**
     * A unix socket: reachable only through the file system.
     *
     * @param path the socket's absolute path, or empty for one in the VM's runtime directory, which
     *             only the VM's owner can enter
     */
    record UnixSocket(Optional<String> path) implements ConsoleListener {
        /** Checks the path is present. */
        public UnixSocket {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A TCP listener: reachable by every local user (and, off loopback, by the network).
     *
     * @param address the host name or IP address to listen on
     * @param port    the TCP port (for VNC 5900 + the display number)
     */
    record Tcp(String address, int port) implements ConsoleListener {
        /** Checks the address is present. */
        public Tcp {
            Objects.requireNonNull(address, "address");
        }

        /** Whether the address names the loopback interface: {@code localhost}, 127.0.0.0/8 or {@code ::1}. */
        public boolean loopback() {
            return address.equals("localhost") || address.equals("::1")
                    || address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        }
    }
}
