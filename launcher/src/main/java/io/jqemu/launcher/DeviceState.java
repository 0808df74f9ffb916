package io.jqemu.launcher;

/** Where a hot-plugged device stands. */
public enum DeviceState {
    /** The device is in the guest. */
    ATTACHED,
    /** {@code device_del} was sent; waiting for the guest to release the device. */
    DETACHING,
    /**
     * The guest did not release the device in time. QEMU keeps the unplug request: when the guest
     * releases the device later, its back-ends are removed and the state becomes {@link #DETACHED}.
     */
    DETACH_PENDING,
    /** The device and its back-ends are gone. */
    DETACHED
}
