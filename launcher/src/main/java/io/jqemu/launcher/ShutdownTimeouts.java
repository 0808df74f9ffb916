package io.jqemu.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each rung of the shutdown ladder may take.
 *
 * @param powerdownRepeat after this long without a power-off, {@code system_powerdown} is sent a
 *     second (and last) time: some guests ignore the first press
 * @param guestPowerOff total wait for the guest to power off after the first press
 * @param quit wait for QEMU to exit after {@code quit}
 * @param sigterm wait for QEMU to exit after SIGTERM
 * @param sigkill wait for QEMU to exit after SIGKILL
 * @param guestAgentShutdown when the VM has a guest-agent channel and the guest ignored the power
 *     button: wait for the agent to answer and the guest to power off after {@code guest-shutdown}
 */
public record ShutdownTimeouts(Duration powerdownRepeat, Duration guestPowerOff, Duration quit,
        Duration sigterm, Duration sigkill, Duration guestAgentShutdown) {

    /** The default wait after {@code guest-shutdown}. */
    public static final Duration DEFAULT_GUEST_AGENT_SHUTDOWN = Duration.ofSeconds(30);

    /** Checks every duration is positive and the repeat comes before the end of the guest's wait. */
    public ShutdownTimeouts {
        requirePositive("powerdownRepeat", powerdownRepeat);
        requirePositive("guestPowerOff", guestPowerOff);
        requirePositive("quit", quit);
        requirePositive("sigterm", sigterm);
        requirePositive("sigkill", sigkill);
        requirePositive("guestAgentShutdown", guestAgentShutdown);
        if (powerdownRepeat.compareTo(guestPowerOff) >= 0) {
            throw new IllegalArgumentException("shutdownTimeouts.powerdownRepeat (" + powerdownRepeat
                    + ") must be shorter than shutdownTimeouts.guestPowerOff (" + guestPowerOff + ")");
        }
    }

    /** The timeouts with the default wait after {@code guest-shutdown} ({@link #DEFAULT_GUEST_AGENT_SHUTDOWN}, 30 s). */
    public ShutdownTimeouts(Duration powerdownRepeat, Duration guestPowerOff, Duration quit, Duration sigterm,
            Duration sigkill) {
        this(powerdownRepeat, guestPowerOff, quit, sigterm, sigkill, DEFAULT_GUEST_AGENT_SHUTDOWN);
    }

    /** 3 s before the second press, 60 s for the guest, 10 s after quit, 5 s per signal, 30 s after guest-shutdown. */
    public static ShutdownTimeouts defaults() {
        return new ShutdownTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(5), DEFAULT_GUEST_AGENT_SHUTDOWN);
    }

    /** A copy with another total wait for the guest's power-off. */
    public ShutdownTimeouts withGuestPowerOff(Duration value) {
        return new ShutdownTimeouts(powerdownRepeat, value, quit, sigterm, sigkill, guestAgentShutdown);
    }

    /** A copy with another delay before the second power-button press. */
    public ShutdownTimeouts withPowerdownRepeat(Duration value) {
        return new ShutdownTimeouts(value, guestPowerOff, quit, sigterm, sigkill, guestAgentShutdown);
    }

    /** A copy with another wait after {@code quit}. */
    public ShutdownTimeouts withQuit(Duration value) {
        return new ShutdownTimeouts(powerdownRepeat, guestPowerOff, value, sigterm, sigkill, guestAgentShutdown);
    }

    /** A copy with another wait after SIGTERM. */
    public ShutdownTimeouts withSigterm(Duration value) {
        return new ShutdownTimeouts(powerdownRepeat, guestPowerOff, quit, value, sigkill, guestAgentShutdown);
    }

    /** A copy with another wait after {@code guest-shutdown}. */
    public ShutdownTimeouts withGuestAgentShutdown(Duration value) {
        return new ShutdownTimeouts(powerdownRepeat, guestPowerOff, quit, sigterm, sigkill, value);
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, "shutdownTimeouts." + field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("shutdownTimeouts." + field + " must be positive, got " + value);
        }
    }
}
