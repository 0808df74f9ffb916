package io.jqemu.launcher;

import java.time.Duration;

/**
 * The guest did not release a device within the unplug timeout. The device stays attached (its
 * handle is {@link DeviceState#DETACH_PENDING}); a later release by the guest still completes the
 * unplug, and {@link DeviceHandle#detach(Duration)} may be called again.
 */
public final class DeviceReleaseTimeoutException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** For device {@code deviceId} after waiting {@code waited}. */
    public DeviceReleaseTimeoutException(String vmName, String deviceId, Duration waited) {
        super("VM " + vmName + ": the guest did not release the device " + deviceId + " within " + HumanDuration.of(waited)
                + " (no DEVICE_DELETED); it stays attached and its unplug stays pending");
    }
}
