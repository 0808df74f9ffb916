package io.jqemu.core.model;

import java.util.Objects;

/** How the guest's screen is exported. */
public sealed interface Graphics permits Graphics.None, Graphics.Vnc, Graphics.Spice {

    /** No remote display. */
    static Graphics none() {
        return new None();
    }

    /** VNC on {@code address}, display number {@code display} (TCP port 5900 + display). */
    static Graphics vnc(String address, int display) {
        return new Vnc(address, display);
    }

    /** SPICE on {@code address:port}, without a password. */
    static Graphics spice(String address, int port) {
        return new Spice(address, port);
    }

    /** No display. */
    record None() implements Graphics {
    }

    /** A VNC server. */
    record Vnc(String address, int display) implements Graphics {
        /** Checks the address is present. */
        public Vnc {
            Objects.requireNonNull(address, "address");
        }
    }

    /** A SPICE server. */
    record Spice(String address, int port) implements Graphics {
        /** Checks the address is present. */
        public Spice {
            Objects.requireNonNull(address, "address");
        }
    }
}
