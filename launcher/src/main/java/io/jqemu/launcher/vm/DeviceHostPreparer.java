package io.jqemu.launcher.vm;

import io.jqemu.core.render.HostResource;
import java.util.List;

/** Prepares the host for one hot-plugged device; the returned handle undoes it after unplug. */
@FunctionalInterface
public interface DeviceHostPreparer {
    /**
     * Prepares what the device needs (checks files, creates a tap, binds vfio-pci ...).
     *
     * @param deviceId the device's id
     * @param resources what core says the device needs
     * @return undoes the preparation when closed
     */
    AutoCloseable prepare(String deviceId, List<HostResource> resources);
}
