package io.jqemu.core.model;

import java.util.Objects;

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

        /** The protocol as QMP's {@code set_password} names it: {@code vnc} or {@code spice}. */
        String protocol();
    }

    /**
     * A VNC server.
     *
     * @param listener where it listens (a TCP port is 5900 + the VNC display number)
     * @param auth     who may use it
     */
    record Vnc(ConsoleListener listener, ConsoleAuth auth) implements Remote {
        /** TCP port of VNC display 0. */
        public static final int BASE_PORT = 5900;

        /** Rejects a null listener or authentication. */
        public Vnc {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(auth, "auth");
        }

        /** The same server with {@code value} as its authentication. */
        public Vnc withAuth(ConsoleAuth value) {
            return new Vnc(listener, value);
        }

        @Override
        public String protocol() {
            return "vnc";
        }
    }

    /**
     * A SPICE server.
     *
     * @param listener where it listens
     * @param auth     who may use it ({@link ConsoleAuth#NONE} renders {@code disable-ticketing=on})
     */
    record Spice(ConsoleListener listener, ConsoleAuth auth) implements Remote {
        /** Rejects a null listener or authentication. */
        public Spice {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(auth, "auth");
        }

        /** The same server with {@code value} as its authentication. */
        public Spice withAuth(ConsoleAuth value) {
            return new Spice(listener, value);
        }

        @Override
        public String protocol() {
            return "spice";
        }
    }
}
