package io.jqemu.launcher;

import java.util.Objects;
import java.util.Optional;

/**
 * A removable-media drive (a CD-ROM drive) as QEMU reports it now.
 *
 * @param id       the drive's device id
 * @param trayOpen whether its tray is open
 * @param locked   whether the guest has locked the tray (an operating system does while a medium is mounted)
 * @param medium   the file of the medium in the drive, or empty when the drive is empty
 */
public record MediaStatus(String id, boolean trayOpen, boolean locked, Optional<String> medium) {
    /** Requires the id and the medium. */
    public MediaStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(medium, "medium");
    }
}
