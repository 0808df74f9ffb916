package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;

import java.util.Optional;

/**
 * A {@code virtio-scsi-pci} controller; the n-th one has id {@code scsi<n>} and bus {@code scsi<n>.0}.
 *
 * @param numQueues the number of request queues, or empty for QEMU's default
 */
public record ScsiController(Optional<Integer> numQueues) implements Device {
    @Override
    public String field() {
        return "scsiControllers";
    }

    @Override
    public String idPrefix() {
        return "scsi";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
        numQueues.ifPresent(q -> check.range(check.field("numQueues"), q, 1, 1024));
    }

    @Override
    public void render(DeviceRendering out) {
        var dev = out.json().put("bus", out.rootPort());
        numQueues.ifPresent(q -> dev.put("num_queues", q));
        out.device("virtio-scsi-pci", dev);
    }

    /** A controller with QEMU's default queue count. */
    public static ScsiController virtioScsi() {
        return new ScsiController(Optional.empty());
    }
}
