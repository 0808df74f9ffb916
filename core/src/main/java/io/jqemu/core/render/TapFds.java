package io.jqemu.core.render;

import java.util.Objects;
import java.util.Optional;

/**
 * File descriptors the launcher hands to QEMU for a macvtap NIC: numbers of inherited descriptors or
 * names registered with QMP {@code getfd}.
 *
 * @param fd      the tap descriptor
 * @param vhostFd the /dev/vhost-net descriptor, when vhost is used
 */
public record TapFds(String fd, Optional<String> vhostFd) {
    /** Refuses null components; the exception names the component. */
    public TapFds {
        Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(vhostFd, "vhostFd");
    }

    /**
     * The {@code getfd} names for NIC {@code nicId} when its descriptors go over QMP:
     * {@code tap-<nicId>} and, with vhost, {@code vhost-<nicId>}.
     */
    public static TapFds monitorNames(String nicId, boolean vhost) {
        return new TapFds("tap-" + nicId, vhost ? Optional.of("vhost-" + nicId) : Optional.empty());
    }
}
