package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Asks for a disk's image to be created when its file is missing (never over an existing file). The
 * image's format is the disk's {@link Disk#format()}.
 *
 * @param sizeBytes the virtual size in bytes: a positive multiple of 512, at most {@link DiskSize#MAX}
 * @param backing   an absolute path of a backing image the new qcow2 image starts from (qcow2 only);
 *                  empty for an empty image
 */
public record DiskCreation(long sizeBytes, Optional<String> backing) {
    /** Requires the backing (possibly empty); sizes are checked with the machine. */
    public DiskCreation {
        Objects.requireNonNull(backing, "backing");
    }

    /** An empty image of {@code sizeBytes}. */
    public static DiskCreation ofSize(long sizeBytes) {
        return new DiskCreation(sizeBytes, Optional.empty());
    }

    /** An empty image of {@code size} as users write it ({@code 32G}); see {@link DiskSize#parse}. */
    public static DiskCreation ofSize(String size) {
        return ofSize(DiskSize.parse(size));
    }

    /** This creation with {@code path} as the backing image. */
    public DiskCreation withBacking(String path) {
        return new DiskCreation(sizeBytes, Optional.of(path));
    }
}
