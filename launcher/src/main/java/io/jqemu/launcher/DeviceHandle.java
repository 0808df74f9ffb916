package io.jqemu.launcher;

import io.jqemu.core.model.Device;
import io.jqemu.core.render.DevicePlan;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A device of a {@link RunningVm} that can be unplugged: one hot-plugged through it, or one it was
 * launched with ({@link RunningVm#device(String)}). Unplug with {@link #detach(Duration)}, which
 * completes when QEMU reports {@code DEVICE_DELETED} for this device's id.
 */
public final class DeviceHandle {
    private final RunningVm vm;
    private final Device device;
    private final DevicePlan plan;
    private final AutoCloseable hostRelease;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private volatile DeviceState state = DeviceState.ATTACHED;

    DeviceHandle(RunningVm vm, Device device, DevicePlan plan, AutoCloseable hostRelease) {
        this.vm = vm;
        this.device = device;
        this.plan = plan;
        this.hostRelease = hostRelease;
    }

    /** The QEMU device id ({@code disk1}, {@code net2} ...). */
    public String id() {
        return plan.deviceId();
    }

    /**
     * The device, as the running machine has it (with its id, for kinds that take one).
     *
     * @throws LauncherException for a device an earlier controller hot-plugged and this one took over
     *     on re-attach: only its id, field, root port and plan are known (it can still be detached)
     */
    public Device device() {
        if (device == null) {
            throw new LauncherException("device " + id() + " (" + plan.fieldPath() + ") was hot-plugged by an earlier "
                    + "controller of the VM; its model is not known here (it can be detached)");
        }
        return device;
    }

    /** Where the device stands now. */
    public DeviceState state() {
        return state;
    }

    /** The spare PCIe root port the device occupies, for PCI devices. */
    public Optional<String> rootPort() {
        return plan.rootPort();
    }

    /** Completes once the device and its back-ends are gone (also after a late release). */
    public CompletableFuture<Void> detached() {
        return gone;
    }

    /**
     * Unplugs the device: {@code device_del}, then waits for {@code DEVICE_DELETED} for this id,
     * then removes the back-ends (netdev, block nodes) and undoes its host changes.
     *
     * @param timeout how long the guest has to release the device
     * @throws DeviceReleaseTimeoutException when the guest did not release it in time; the handle is
     *     then {@link DeviceState#DETACH_PENDING} and a later release still completes the unplug
     * @throws VmExitedException when QEMU exits meanwhile
     */
    public void detach(Duration timeout) {
        vm.detach(this, timeout);
    }

    DevicePlan plan() {
        return plan;
    }

    AutoCloseable hostRelease() {
        return hostRelease;
    }

    CompletableFuture<Void> gone() {
        return gone;
    }

    void state(DeviceState next) {
        this.state = next;
    }

    @Override
    public String toString() {
        return plan.fieldPath() + " " + id() + " (" + state + ")";
    }
}
