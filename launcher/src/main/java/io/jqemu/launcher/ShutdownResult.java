package io.jqemu.launcher;

import java.time.Duration;

/**
 * How a shutdown ended.
 *
 * @param endedBy the step after which QEMU exited ({@link ShutdownStep#GUEST_AGENT_SHUTDOWN} when the
 *     guest ignored the power button and powered off on its agent's {@code guest-shutdown})
 * @param guestPoweredOff whether the guest reported its own power-off (QEMU's first {@code SHUTDOWN}
 *     event with reason {@code guest-shutdown}; QEMU's exit status 0 alone does not count); with
 *     {@code -no-shutdown} QEMU then still needs {@code quit}, so {@code endedBy} is QUIT
 * @param exitStatus QEMU's exit status
 * @param took how long the whole ladder took
 */
public record ShutdownResult(ShutdownStep endedBy, boolean guestPoweredOff, ExitStatus exitStatus,
        Duration took) {
}
