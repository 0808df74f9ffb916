package io.jqemu.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The host side of a NIC. */
public sealed interface NicBackend
        permits NicBackend.User, NicBackend.ExistingTap, NicBackend.BridgedTap, NicBackend.Macvtap {

    /** User-mode NAT (slirp) with optional host port forwards. */
    static NicBackend user(PortForward... forwards) {
        return new User(List.of(forwards));
    }

    /** A tap interface that already exists on the host; QEMU opens it by name. */
    static NicBackend existingTap(String ifname, VhostMode vhost) {
        return new ExistingTap(ifname, vhost);
    }

    /** A tap the launcher creates (named deterministically) and attaches to {@code bridge}. */
    static NicBackend bridge(String bridge, VhostMode vhost) {
        return new BridgedTap(bridge, Optional.empty(), vhost);
    }

    /** A macvtap the launcher creates on {@code parent}; its file descriptor reaches QEMU from the launcher. */
    static NicBackend macvtap(String parent, MacvtapMode mode, VhostMode vhost) {
        return new Macvtap(parent, mode, Optional.empty(), vhost);
    }

    /** User-mode networking. */
    record User(List<PortForward> forwards) implements NicBackend {
        /** Copies the list. */
        public User {
            forwards = List.copyOf(forwards);
        }
    }

    /**
     * An existing tap interface.
     *
     * @param ifname the interface name
     * @param vhost  vhost-net use
     */
    record ExistingTap(String ifname, VhostMode vhost) implements NicBackend {
        /** Rejects a null interface name or vhost mode. */
        public ExistingTap {
            Objects.requireNonNull(ifname, "ifname");
            Objects.requireNonNull(vhost, "vhost");
        }
    }

    /**
     * A tap created by the launcher and added to a host bridge.
     *
     * @param bridge the host bridge to join, e.g. {@code br0}
     * @param ifname the tap name, or empty for a name derived from the VM's UUID and the NIC index
     * @param vhost  vhost-net use
     */
    record BridgedTap(String bridge, Optional<String> ifname, VhostMode vhost) implements NicBackend {
        /** Rejects a null bridge, tap name or vhost mode; a derived tap name is empty. */
        public BridgedTap {
            Objects.requireNonNull(bridge, "bridge");
            Objects.requireNonNull(ifname, "ifname");
            Objects.requireNonNull(vhost, "vhost");
        }
    }

    /**
     * A macvtap interface created by the launcher on a parent link.
     *
     * @param parent the host link, e.g. {@code eth0}
     * @param mode   the macvtap mode
     * @param ifname the macvtap name, or empty for a name derived from the VM's UUID and the NIC index
     * @param vhost  vhost-net use
     */
    record Macvtap(String parent, MacvtapMode mode, Optional<String> ifname, VhostMode vhost) implements NicBackend {
        /** Rejects a null parent, mode, macvtap name or vhost mode; a derived name is empty. */
        public Macvtap {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(ifname, "ifname");
            Objects.requireNonNull(vhost, "vhost");
        }
    }
}
