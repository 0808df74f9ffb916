package io.jqemu.qmp;

import java.util.function.Predicate;

/** Ready-made event matchers for {@link QmpClient#awaitEvent} and {@link QmpClient#subscribe}. */
public final class QmpEvents {
    private QmpEvents() {
    }

    /**
     * Matches events by name.
     *
     * @param name the event name, e.g. {@code STOP}
     * @return a matcher for that name
     */
    public static Predicate<QmpEvent> named(String name) {
        return e -> e.name().equals(name);
    }

    /**
     * Matches the {@code DEVICE_DELETED} event of one device. QEMU also emits a
     * {@code DEVICE_DELETED} without {@code device} for internal children (e.g. a
     * {@code .../virtio-backend} path); those do not match.
     *
     * @param deviceId the id given to {@code device_add}
     * @return a matcher for that device's deletion
     */
    public static Predicate<QmpEvent> deviceDeleted(String deviceId) {
        return e -> e.name().equals("DEVICE_DELETED") && e.text("device").filter(deviceId::equals).isPresent();
    }

    /**
     * Matches the {@code DEVICE_TRAY_MOVED} event of one drive's tray moving to one position.
     *
     * @param deviceId the drive's device id (QEMU reports it as {@code id})
     * @param open     whether the tray opened (true) or closed (false)
     * @return a matcher for that move
     */
    public static Predicate<QmpEvent> trayMoved(String deviceId, boolean open) {
        return e -> e.name().equals("DEVICE_TRAY_MOVED") && e.text("id").filter(deviceId::equals).isPresent()
                && e.data().path("tray-open").asBoolean(!open) == open;
    }

    /** {@return a matcher for {@code SHUTDOWN} (the guest or QEMU shut down; not {@code POWERDOWN})} */
    public static Predicate<QmpEvent> shutdown() {
        return named("SHUTDOWN");
    }

    /**
     * Matches the {@code JOB_STATUS_CHANGE} events of one job.
     *
     * @param jobId the job's id
     * @return a matcher for that job's status changes
     */
    public static Predicate<QmpEvent> jobStatusChange(String jobId) {
        return e -> e.name().equals("JOB_STATUS_CHANGE") && e.text("id").filter(jobId::equals).isPresent();
    }
}
