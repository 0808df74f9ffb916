package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.KeyValueOptions;

import java.util.Objects;

/**
 * A host directory shared with the guest over 9p ({@code mount -t 9p <mountTag> /mnt}).
 *
 * @param hostPath      the host directory
 * @param mountTag      the tag the guest mounts (1 to 31 bytes)
 * @param securityModel how guest ownership and modes map to host files
 * @param readOnly      whether the guest may only read
 */
public record SharedDirectory(String hostPath, String mountTag, SecurityModel securityModel, boolean readOnly)
        implements Device {
    /** Refuses null components; the exception names the component. */
    public SharedDirectory {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(mountTag, "mountTag");
        Objects.requireNonNull(securityModel, "securityModel");
    }

    /** QEMU's 9p mount tag limit in bytes. */
    public static final int MAX_MOUNT_TAG = 31;

    @Override
    public String field() {
        return "shares";
    }

    @Override
    public String idPrefix() {
        return "share";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
        check.absolutePath(check.field("hostPath"), hostPath);
        check.mountTag(check.field("mountTag"), mountTag, MAX_MOUNT_TAG, "9p mount tag");
    }

    @Override
    public void render(DeviceRendering out) {
        String fsdev = "fsdev-" + out.id();
        KeyValueOptions opts = KeyValueOptions.leading("local").add("id", fsdev).add("path", hostPath)
                .add("security_model", securityModel.qemuName());
        if (readOnly) {
            opts.onOff("readonly", true);
        }
        out.commandLine("-fsdev", opts);
        out.device("virtio-9p-pci", out.json().put("fsdev", fsdev).put("mount_tag", mountTag).put("bus", out.rootPort()));
        out.needs(new HostResource.SharedDirectory(hostPath, readOnly, out.field("hostPath")));
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
