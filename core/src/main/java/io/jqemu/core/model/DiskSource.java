package io.jqemu.core.model;

import java.util.Objects;

/** Where a disk's data lives on the host. */
public sealed interface DiskSource permits DiskSource.ImageFile, DiskSource.HostBlockDevice {

    /** The host path. */
    String path();

    /** An image file (raw or qcow2), opened with QEMU's {@code file} driver. */
    record ImageFile(String path) implements DiskSource {
        /** Checks the path is present. */
        public ImageFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A host block device such as {@code /dev/sdb}, opened with QEMU's {@code host_device} driver. */
    record HostBlockDevice(String path) implements DiskSource {
        /** Checks the path is present. */
        public HostBlockDevice {
            Objects.requireNonNull(path, "path");
        }
    }
}
