package io.jqemu.core.model;

import java.util.Optional;

/**
 * A {@code virtio-scsi-pci} controller; the n-th one has id {@code scsi<n>} and bus {@code scsi<n>.0}.
 *
 * @param numQueues the number of request queues, or empty for QEMU's default
 */
public record ScsiController(Optional<Integer> numQueues) {
    /** A controller with QEMU's default queue count. */
    public static ScsiController virtioScsi() {
        return new ScsiController(Optional.empty());
    }
}
