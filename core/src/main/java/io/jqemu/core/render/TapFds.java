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
    /** Checks the parts are present. */
    public TapFds {
        Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(vhostFd, "vhostFd");
    }
}
