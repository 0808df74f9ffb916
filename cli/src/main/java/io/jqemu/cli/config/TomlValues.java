package io.jqemu.cli.config;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.VhostMode;
import java.util.Optional;

/** Readers shared by several vm.toml tables. */
final class TomlValues {
    static final int MAX_INT = Integer.MAX_VALUE;

    private TomlValues() {
    }

    static int intOr(TomlTable t, String key, int fallback) {
        return t.integer(key, 0, MAX_INT).map(Long::intValue).orElse(fallback);
    }

    /** Reports an unknown {@code type} (listing the known ones) and skips the rest of the table. */
    static <T> Optional<T> unknownType(TomlTable t, Optional<String> type, String... known) {
        type.ifPresent(name -> t.problems().atValue(t.pathOf("type"), "unknown type '" + name + "'; one of: "
                + String.join(", ", known)));
        t.ignoreRest();
        return Optional.empty();
    }

    static VhostMode vhost(TomlTable t) {
        return t.choice("vhost", VhostMode.class).orElse(VhostMode.AUTO);
    }

    /** A serial or parallel port's {@code backend} table. */
    static Optional<CharBackend> charBackend(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<CharBackend> backend = switch (type.orElse("")) {
            case "pty" -> Optional.of(new CharBackend.Pty());
            case "unix-socket" -> Optional.of(new CharBackend.UnixSocket(t.string("path")));
            case "tcp-client" -> hostPort(t).map(hp -> new CharBackend.TcpClient(hp.host(), hp.port()));
            case "tcp-server" -> hostPort(t).map(hp -> new CharBackend.TcpServer(hp.host(), hp.port()));
            case "file-output" -> t.requiredString("path").map(CharBackend.FileOutput::new);
            case "host-device" -> t.requiredString("path").map(CharBackend.HostDevice::new);
            default -> unknownType(t, type, "pty", "unix-socket", "tcp-client", "tcp-server", "file-output",
                    "host-device");
        };
        t.finish();
        return backend;
    }

    /** A serial or parallel port's {@code backend} table, as {@link #charBackend(TomlTable)} reads it. */
    static TomlOut charBackend(CharBackend backend) {
        TomlOut t = new TomlOut();
        switch (backend) {
            case CharBackend.Pty p -> t.string("type", "pty");
            case CharBackend.UnixSocket u -> t.string("type", "unix-socket").string("path", u.path());
            case CharBackend.TcpClient c -> t.string("type", "tcp-client").string("host", c.host()).integer("port", c.port());
            case CharBackend.TcpServer s -> t.string("type", "tcp-server").string("host", s.host()).integer("port", s.port());
            case CharBackend.FileOutput f -> t.string("type", "file-output").string("path", f.path());
            case CharBackend.HostDevice h -> t.string("type", "host-device").string("path", h.path());
        }
        return t;
    }

    private record HostPort(String host, int port) { }

    private static Optional<HostPort> hostPort(TomlTable t) {
        Optional<String> host = t.requiredString("host");
        Optional<Long> port = t.integer("port", 0, 65535);
        t.require("port");
        return host.flatMap(h -> port.map(p -> new HostPort(h, p.intValue())));
    }
}
