package io.jqemu.testsupport;

import java.time.Duration;

/**
 * The bounds the fixtures of this package wait with. They are generous on purpose: guests run
 * under TCG on small shared machines, so a bound is reached only when something is broken.
 */
public final class TestTimeouts {
    /** {@code scripts/build-test-guest}: the first run downloads a Debian kernel package. */
    public static final Duration GUEST_BUILD = Duration.ofMinutes(15);
    /** A QEMU process opening its QMP socket and answering the greeting. */
    public static final Duration QEMU_START = Duration.ofSeconds(60);
    /** A QEMU process exiting after {@code quit} or SIGTERM, before it is killed. */
    public static final Duration QEMU_EXIT = Duration.ofSeconds(10);
    /** A helper command ({@code ip}, {@code ping}) or a body run inside a network namespace. */
    public static final Duration COMMAND = Duration.ofSeconds(60);

    private TestTimeouts() {
    }
}
