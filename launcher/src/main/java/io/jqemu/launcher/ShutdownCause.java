package io.jqemu.launcher;

import io.jqemu.qmp.QmpEvent;
import java.util.Objects;

/**
 * Why QEMU shut down, as its {@code SHUTDOWN} event tells (QEMU's {@code ShutdownCause}). Only
 * {@code guest-shutdown} is a guest power-off; {@code host-signal} (QEMU got SIGINT, SIGTERM or
 * SIGHUP), {@code host-qmp-quit} and the other host reasons mean someone on the host ended it,
 * although QEMU then exits with status 0.
 *
 * @param reason QEMU's reason, e.g. {@code guest-shutdown}, {@code host-signal}, {@code host-qmp-quit}
 * @param guest whether QEMU says the guest asked for it (also true for {@code guest-reset} and
 *     {@code guest-panic})
 */
public record ShutdownCause(String reason, boolean guest) {
    /** The reason of a guest that powered itself off (ACPI or its own shutdown). */
    public static final String GUEST_SHUTDOWN = "guest-shutdown";
    /** The reason of a guest that panicked (with a panic device and {@code -action panic=shutdown}). */
    public static final String GUEST_PANIC = "guest-panic";

    /** Checks the reason is present. */
    public ShutdownCause {
        Objects.requireNonNull(reason, "reason");
    }

    /** The cause in a {@code SHUTDOWN} event. */
    public static ShutdownCause of(QmpEvent shutdown) {
        boolean guest = shutdown.data().path("guest").asBoolean(false);
        return new ShutdownCause(shutdown.text("reason").orElse(guest ? GUEST_SHUTDOWN : "none"), guest);
    }

    /** Whether the guest powered itself off. */
    public boolean isGuestPowerOff() {
        return GUEST_SHUTDOWN.equals(reason);
    }

    /** Whether the guest panicked. */
    public boolean isGuestPanic() {
        return GUEST_PANIC.equals(reason);
    }

    @Override
    public String toString() {
        return reason;
    }
}
