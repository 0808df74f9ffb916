package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;

import java.util.Optional;

/**
 * A {@code virtio-scsi-pci} controller; the n-th one has id {@code scsi<n>} and bus {@code scsi<n>.0}.
 *
 * @param numQueues the number of request queues, or empty for QEMU's default
 * @param iothread  the iothread (one of {@link Machine#iothreads()}) that runs the controller's I/O,
 *                  or empty for QEMU's main loop
 */
public record ScsiController(Optional<Integer> numQueues, Optional<String> iothread) implements Device {
    /** Requires both parts (possibly empty). */
    public ScsiController {
        java.util.Objects.requireNonNull(numQueues, "numQueues");
        java.util.Objects.requireNonNull(iothread, "iothread");
    }

    /** A controller whose I/O runs in QEMU's main loop. */
    public ScsiController(Optional<Integer> numQueues) {
        this(numQueues, Optional.empty());
    }

    /** This controller with its I/O in iothread {@code name}. */
    public ScsiController withIothread(String name) {
        return new ScsiController(numQueues, Optional.of(name));
    }

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
        iothread.ifPresent(name -> check.iothread(check.field("iothread"), name));
    }

    @Override
    public void render(DeviceRendering out) {
        var dev = out.json().put("bus", out.rootPort());
        numQueues.ifPresent(q -> dev.put("num_queues", q));
        iothread.ifPresent(name -> dev.put("iothread", name));
        out.device("virtio-scsi-pci", dev);
    }

    /** A controller with QEMU's default queue count. */
    public static ScsiController virtioScsi() {
        return new ScsiController(Optional.empty());
    }
}
