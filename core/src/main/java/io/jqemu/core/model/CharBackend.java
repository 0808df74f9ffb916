package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/** The host side of a serial or parallel port (a QEMU chardev). */
public sealed interface CharBackend
        permits CharBackend.Pty, CharBackend.UnixSocket, CharBackend.TcpClient, CharBackend.TcpServer,
                CharBackend.FileOutput, CharBackend.HostDevice {

    /** A pseudo terminal QEMU allocates. */
    static CharBackend pty() {
        return new Pty();
    }

    /** A unix socket QEMU listens on; empty path means one in the launcher's runtime directory. */
    static CharBackend unixSocket(String path) {
        return new UnixSocket(Optional.of(path));
    }

    /** A TCP connection QEMU makes to {@code host:port} (e.g. a remote ser2net). */
    static CharBackend tcpClient(String host, int port) {
        return new TcpClient(host, port);
    }

    /** A TCP port QEMU listens on. */
    static CharBackend tcpServer(String host, int port) {
        return new TcpServer(host, port);
    }

    /** Output appended to the file at {@code path}. */
    static CharBackend file(String path) {
        return new FileOutput(path);
    }

    /** A host device node such as {@code /dev/ttyS0} (serial) or {@code /dev/parport0} (parallel). */
    static CharBackend hostDevice(String path) {
        return new HostDevice(path);
    }

    /** A pseudo terminal. */
    record Pty() implements CharBackend {
    }

    /** A listening unix socket at {@code path} (or in the runtime directory when empty). */
    record UnixSocket(Optional<String> path) implements CharBackend {
        /** Checks the path is present (possibly empty). */
        public UnixSocket {
            Objects.requireNonNull(path, "path");
        }
    }

    /** An outgoing TCP connection, retried every few seconds until it succeeds. */
    record TcpClient(String host, int port) implements CharBackend {
        /** Checks the host is present. */
        public TcpClient {
            Objects.requireNonNull(host, "host");
        }
    }

    /** A listening TCP socket that does not wait for a client before the guest runs. */
    record TcpServer(String host, int port) implements CharBackend {
        /** Checks the host is present. */
        public TcpServer {
            Objects.requireNonNull(host, "host");
        }
    }

    /** Output appended to a file. */
    record FileOutput(String path) implements CharBackend {
        /** Checks the path is present. */
        public FileOutput {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A host device node such as {@code /dev/ttyS0} or {@code /dev/parport0}. */
    record HostDevice(String path) implements CharBackend {
        /** Checks the path is present. */
        public HostDevice {
            Objects.requireNonNull(path, "path");
        }
    }
}
