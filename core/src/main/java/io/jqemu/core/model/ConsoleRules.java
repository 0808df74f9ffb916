package io.jqemu.core.model;

import java.nio.charset.StandardCharsets;

/**
 * Rules for a remote console's listener. Violations use the vm.toml names under
 * {@code display.graphics}: {@code socket}, {@code address}, {@code display} (VNC) and {@code port} (SPICE).
 */
record ConsoleRules(FieldChecks check) {
    /** The longest unix socket path in bytes (sun_path is 108 bytes with its terminating NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    void remote(String path, Graphics.Remote console) {
        switch (console.listener()) {
            case ConsoleListener.UnixSocket u -> u.path().ifPresent(socket -> {
                check.absolutePath(path + ".socket", socket);
                int bytes = socket.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > MAX_SOCKET_PATH_BYTES) {
                    check.add(path + ".socket", FieldChecks.quote(socket) + " is " + bytes
                            + " bytes; a unix socket path has at most " + MAX_SOCKET_PATH_BYTES);
                }
            });
            case ConsoleListener.Tcp t -> {
                check.host(path + ".address", t.address());
                if (console instanceof Graphics.Vnc) {
                    check.range(path + ".display", (long) t.port() - Graphics.Vnc.BASE_PORT, 0,
                            65535 - Graphics.Vnc.BASE_PORT);
                } else {
                    check.tcpPort(path + ".port", t.port());
                }
            }
        }
    }
}
