package io.jqemu.core.model;

import java.nio.charset.StandardCharsets;

/**
 * Rules for a remote console. Violations use the vm.toml names under {@code display.graphics}:
 * {@code socket}, {@code address}, {@code display} (VNC) and {@code port} (SPICE) for the listener;
 * {@code auth}, {@code password_file}, {@code password_env}, {@code tls} and {@code websocket} for who
 * gets in. A console that anyone on the network could use without a password is refused unless
 * {@code insecure} says it is meant.
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
                openToTheNetwork(path + ".auth", console, t);
            }
        }
        if (console instanceof Graphics.Vnc vnc) {
            vnc.websocket().ifPresent(ws -> {
                check.host(path + ".websocket", ws.address());
                check.tcpPort(path + ".websocket", ws.port());
                openToTheNetwork(path + ".websocket", console, ws);
            });
        }
        password(path, console);
        console.security().tls().ifPresent(tls -> tls(path + ".tls", console, tls));
    }

    /** No password on a listener off loopback: refused unless {@code insecure = true}. */
    private void openToTheNetwork(String field, Graphics.Remote console, ConsoleListener.Tcp listener) {
        if (console.auth() == ConsoleAuth.NONE && !console.security().insecure() && !listener.loopback()) {
            check.add(field, "auth = \"none\" with a listener on " + FieldChecks.quote(listener.address())
                    + ", which is not loopback: anyone who reaches " + listener.address() + ":" + listener.port()
                    + " gets the guest's screen and keyboard; use a password (the default), a unix socket, "
                    + "or set insecure = true if the network is trusted");
        }
    }

    private void password(String path, Graphics.Remote console) {
        switch (console.security().password()) {
            case ConsolePassword.Generated g -> { }
            case ConsolePassword.FromFile f -> {
                check.absolutePath(path + ".password_file", f.path());
                noPasswordWithoutAuth(path + ".password_file", console);
            }
            case ConsolePassword.FromEnvironment e -> {
                if (!e.variable().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    check.add(path + ".password_env", FieldChecks.quote(e.variable())
                            + " is not an environment variable name (letters, digits and '_', not starting with a digit)");
                }
                noPasswordWithoutAuth(path + ".password_env", console);
            }
        }
    }

    private void noPasswordWithoutAuth(String field, Graphics.Remote console) {
        if (console.auth() == ConsoleAuth.NONE) {
            check.add(field, "a password source with auth = \"none\": remove one of the two");
        }
    }

    private void tls(String field, Graphics.Remote console, ConsoleTls tls) {
        check.absolutePath(field + ".dir", tls.dir());
        if (console.listener() instanceof ConsoleListener.UnixSocket) {
            check.add(field, "TLS needs a TCP listener ('address'); a unix socket is private through the file system");
        }
        if (console instanceof Graphics.Spice && tls.verifyPeer()) {
            check.add(field + ".verify_peer", "SPICE does not check viewer certificates; only VNC has verify_peer");
        }
    }
}
