package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/** How the guest's screen is exported. */
public sealed interface Graphics permits Graphics.None, Graphics.Remote {

    /** No remote display. */
    static Graphics none() {
        return new None();
    }

    /** VNC on a unix socket in the VM's private runtime directory ({@code vnc.sock}), with a password. */
    static Vnc vnc() {
        return new Vnc(ConsoleListener.privateSocket(), ConsoleAuth.PASSWORD);
    }

    /** VNC on {@code address}, display number {@code display} (TCP port 5900 + display), with a password. */
    static Vnc vnc(String address, int display) {
        return new Vnc(ConsoleListener.tcp(address, Vnc.BASE_PORT + display), ConsoleAuth.PASSWORD);
    }

    /** SPICE on a unix socket in the VM's private runtime directory ({@code spice.sock}), with a password. */
    static Spice spice() {
        return new Spice(ConsoleListener.privateSocket(), ConsoleAuth.PASSWORD);
    }

    /** SPICE on {@code address:port}, with a password. */
    static Spice spice(String address, int port) {
        return new Spice(ConsoleListener.tcp(address, port), ConsoleAuth.PASSWORD);
    }

    /** No display. */
    record None() implements Graphics {
    }

    /** A remote console: a VNC or SPICE server. */
    sealed interface Remote extends Graphics permits Vnc, Spice {
        /** Where it listens. */
        ConsoleListener listener();

        /** Who may use it. */
        ConsoleAuth auth();

        /** Password source, TLS and whether an open listener is allowed on purpose. */
        ConsoleSecurity security();

        /** The protocol as QMP's {@code set_password} names it: {@code vnc} or {@code spice}. */
        String protocol();
    }

    /**
     * A VNC server.
     *
     * @param listener  where it listens (a TCP port is 5900 + the VNC display number)
     * @param auth      who may use it
     * @param security  password source, TLS, insecure opt-in
     * @param websocket a second, WebSocket listener for browser viewers (noVNC), if any; same
     *                  authentication and TLS as the main listener
     */
    record Vnc(ConsoleListener listener, ConsoleAuth auth, ConsoleSecurity security,
               Optional<ConsoleListener.Tcp> websocket) implements Remote {
        /** TCP port of VNC display 0. */
        public static final int BASE_PORT = 5900;

        /** Rejects null components. */
        public Vnc {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(websocket, "websocket");
        }

        /** A VNC server with a generated password (when {@code auth} asks for one), no TLS and no WebSocket. */
        public Vnc(ConsoleListener listener, ConsoleAuth auth) {
            this(listener, auth, ConsoleSecurity.DEFAULT, Optional.empty());
        }

        /** The same server with {@code value} as its authentication. */
        public Vnc withAuth(ConsoleAuth value) {
            return new Vnc(listener, value, security, websocket);
        }

        /** The same server with {@code value} as its password source, TLS and insecure opt-in. */
        public Vnc withSecurity(ConsoleSecurity value) {
            return new Vnc(listener, auth, value, websocket);
        }

        /** The same server with a WebSocket listener on {@code address:port}. */
        public Vnc withWebsocket(String address, int port) {
            return new Vnc(listener, auth, security, Optional.of(new ConsoleListener.Tcp(address, port)));
        }

        @Override
        public String protocol() {
            return "vnc";
        }
    }

    /**
     * A SPICE server.
     *
     * @param listener where it listens (with TLS, a TCP port takes TLS connections only)
     * @param auth     who may use it ({@link ConsoleAuth#NONE} renders {@code disable-ticketing=on})
     * @param security password source, TLS, insecure opt-in
     */
    record Spice(ConsoleListener listener, ConsoleAuth auth, ConsoleSecurity security) implements Remote {
        /** Rejects null components. */
        public Spice {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(security, "security");
        }

        /** A SPICE server with a generated password (when {@code auth} asks for one) and no TLS. */
        public Spice(ConsoleListener listener, ConsoleAuth auth) {
            this(listener, auth, ConsoleSecurity.DEFAULT);
        }

        /** The same server with {@code value} as its authentication. */
        public Spice withAuth(ConsoleAuth value) {
            return new Spice(listener, value, security);
        }

        /** The same server with {@code value} as its password source, TLS and insecure opt-in. */
        public Spice withSecurity(ConsoleSecurity value) {
            return new Spice(listener, auth, value);
        }

        @Override
        public String protocol() {
            return "spice";
        }
    }
}
