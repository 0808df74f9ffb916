package io.jqemu.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * One rung of the shutdown ladder as it begins: what was just done and how long the ladder now
 * waits for QEMU to end before it goes on to the next rung. Heard through
 * {@link RunningVm#onShutdownProgress}.
 *
 * @param step   the rung ({@link ShutdownStep#GUEST_POWEROFF} for both presses of the power button)
 * @param action what was done, e.g. {@code power button pressed}, {@code quit sent}
 * @param waiting how long the ladder waits now before the next rung
 */
public record ShutdownProgress(ShutdownStep step, String action, Duration waiting) {

    /** Checks the fields. */
    public ShutdownProgress {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(waiting, "waiting");
    }

    /** Whether the ladder is still waiting for the guest itself (power button or guest agent). */
    public boolean waitsForGuest() {
        return step == ShutdownStep.GUEST_POWEROFF || step == ShutdownStep.GUEST_AGENT_SHUTDOWN;
    }
}
