package io.jqemu.core.model;

import java.util.Objects;

/**
 * A device with its place in its machine.
 *
 * @param device the device
 * @param index  its index among the machine's devices of its kind
 * @param path   its field path, e.g. {@code disks[1]} (or {@code balloon} for a single device)
 * @param id     its explicit id or the kind's default id for {@code index}
 */
public record PlacedDevice(Device device, int index, String path, String id) {
    /** Refuses null components; the exception names the component. */
    public PlacedDevice {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(id, "id");
    }
}
