package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import java.util.List;
import java.util.Optional;

/**
 * One device of a {@link Machine}; each kind of device is one record implementing this interface and
 * knows everything about itself: its id, whether it takes a PCIe root port, its validation, what it
 * renders to (command-line options, or the same objects as QMP steps), what it needs from the host
 * and whether it can be hot-plugged. Everything that lists devices (validation, PCIe layout, the
 * renderer, hot-plug, the launcher's bookkeeping) loops over {@link Machine#devices()}.
 *
 * <p>To add a kind: write its record (see {@link Rng} for a small one, {@link Disk} for a hot-pluggable
 * one), add it to {@code permits} and to {@link #KINDS} (whose order is the command line's), map it in
 * vm.toml, and give it a docs row and a golden command line.
 */
public sealed interface Device
        permits UsbController, ScsiController, Disk, Cdrom, CloudInit, Nic, VfioPci, VirtualFunction, UsbHost, UsbRedir, SerialPort,
                ParallelPort, SharedDirectory, Balloon, Rng, GuestAgent,
                Tpm, VirtiofsShare {

    /**
     * Every kind, in command-line order: a machine renders all devices of the first kind (in the order
     * they were added), then those of the second, and so on; PCIe root ports are handed out in the same order.
     */
    List<Class<? extends Device>> KINDS = List.of(UsbController.class, ScsiController.class, Disk.class,
            Cdrom.class, CloudInit.class, Nic.class,
            VfioPci.class, VirtualFunction.class, UsbHost.class, UsbRedir.class, SerialPort.class, ParallelPort.class,
            SharedDirectory.class, Balloon.class, Rng.class, GuestAgent.class,
            Tpm.class, VirtiofsShare.class);

    /**
     * The kind's field in the model and in error paths: {@code disks} for {@code disks[1].path}; for a
     * kind a machine has at most one of ({@link #single()}), the whole path, e.g. {@code balloon}.
     */
    String field();

    /** Whether a machine has at most one device of this kind (its path has no index). */
    default boolean single() {
        return false;
    }

    /** The prefix of the kind's device ids: {@code disk} for {@code disk0}, {@code disk1}... */
    String idPrefix();

    /** The id of the {@code index}-th device of this kind when it has no explicit one. */
    default String defaultId(int index) {
        return idPrefix() + index;
    }

    /** Whether users may give devices of this kind their own id ({@link #id()}). */
    default boolean userIds() {
        return false;
    }

    /** The explicit device id, if the kind takes one and it was given. */
    default Optional<String> id() {
        return Optional.empty();
    }

    /** This device with an explicit id; kinds without {@link #userIds()} return themselves. */
    default Device withId(String newId) {
        return this;
    }

    /** Whether this device sits on a PCIe root port of its own. */
    default boolean takesRootPort() {
        return false;
    }

    /** A violation message when a machine has {@code count} devices of this kind and that is too many. */
    default Optional<String> tooMany(int count) {
        return single() && count > 1 ? Optional.of(count + " " + field() + " devices; a machine has at most one")
                : Optional.empty();
    }

    /** Checks this device within its machine, reporting under {@link DeviceCheck#path()}. */
    void validate(DeviceCheck check);

    /** Renders this device: its back-ends, the device itself and what it needs from the host. */
    void render(DeviceRendering out);

    /**
     * Why this device cannot be added to or removed from a running machine; empty when it can
     * (the default says the kind is not hot-pluggable).
     */
    default Optional<String> notHotpluggable() {
        return Optional.of(field() + " devices cannot be hot-plugged");
    }
}
