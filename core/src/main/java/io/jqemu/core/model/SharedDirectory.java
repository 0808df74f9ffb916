package io.jqemu.core.model;

import java.util.Objects;

/**
 * A host directory shared with the guest over 9p ({@code mount -t 9p <mountTag> /mnt}).
 *
 * @param hostPath      the host directory
 * @param mountTag      the tag the guest mounts (1 to 31 bytes)
 * @param securityModel how guest ownership and modes map to host files
 * @param readOnly      whether the guest may only read
 */
public record SharedDirectory(String hostPath, String mountTag, SecurityModel securityModel, boolean readOnly) {
    /** Checks every part is present. */
    public SharedDirectory {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(mountTag, "mountTag");
        Objects.requireNonNull(securityModel, "securityModel");
    }

    /** The 9p security models. */
    public enum SecurityModel {
        /** Files are created with the guest's credentials (needs root). */
        PASSTHROUGH("passthrough"),
        /** Guest credentials are stored in extended attributes. */
        MAPPED_XATTR("mapped-xattr"),
        /** Guest credentials are stored in hidden files. */
        MAPPED_FILE("mapped-file"),
        /** Like passthrough, but failures to set ownership are ignored. */
        NONE("none");

        private final String qemuName;

        SecurityModel(String qemuName) {
            this.qemuName = qemuName;
        }

        /** The QEMU value. */
        public String qemuName() {
            return qemuName;
        }
    }
}
