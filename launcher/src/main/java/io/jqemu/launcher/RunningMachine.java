package io.jqemu.launcher;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import java.util.List;

/**
 * The machine as it runs now: the launched model (ids resolved) plus hot-plugged devices, minus
 * unplugged ones. Core's hotplug renderer checks each new device against it.
 */
final class RunningMachine {
    private Machine machine;

    /** Starts from the launched machine, in {@link Machine#withResolvedIds()} form. */
    RunningMachine(Machine launched) {
        this.machine = launched.withResolvedIds();
    }

    /** The machine as it runs now. */
    synchronized Machine current() {
        return machine;
    }

    /** Records a plugged device (with its id, for kinds that take one). */
    synchronized void add(Device device) {
        machine = machine.toBuilder().device(device).build();
    }

    /** Forgets the device with {@code id}, whatever its kind. */
    synchronized void remove(String id) {
        List<Device> kept = machine.placedDevices().stream().filter(p -> !p.id().equals(id))
                .map(PlacedDevice::device).toList();
        machine = machine.toBuilder().clearDevices().devices(kept).build();
    }
}
