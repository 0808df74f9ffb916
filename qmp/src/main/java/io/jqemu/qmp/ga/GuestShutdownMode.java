package io.jqemu.qmp.ga;

/** What {@code guest-shutdown} asks of the guest. */
public enum GuestShutdownMode {
    /** Power off ({@code powerdown}). */
    POWERDOWN("powerdown"),
    /** Reboot ({@code reboot}); QEMU keeps running. */
    REBOOT("reboot"),
    /** Halt without powering off ({@code halt}); QEMU keeps running with the guest stopped. */
    HALT("halt");

    private final String value;

    GuestShutdownMode(String value) {
        this.value = value;
    }

    /** {@return the {@code mode} argument the agent expects} */
    public String value() {
        return value;
    }
}
