package io.jqemu.cli.systemd;

import io.jqemu.cli.ExitCode;

import java.util.Arrays;
import java.util.List;

/**
 * What the unit's {@code Restart=on-failure} does when {@code jqemu run} exits with a given code:
 * a guest that powered off on purpose stays off, a command line or vm.toml that cannot work is not
 * tried again, and everything else (a crash, QEMU killed from outside, a start that failed on a
 * host that may yet get ready) brings the VM back.
 */
public enum RestartRule {
    /** A clean end: systemd does not restart it. */
    STAYS_OFF,
    /** A failure systemd restarts, after {@code RestartSec}. */
    RESTARTED,
    /** A failure no restart can mend ({@code RestartPreventExitStatus=}). */
    NEVER_RESTARTED;

    /** The rule for {@code code}. */
    public static RestartRule of(ExitCode code) {
        return switch (code) {
            case OK -> STAYS_OFF;
            case USAGE, INVALID_CONFIG, HOST_NOT_READY -> NEVER_RESTARTED;
            case FAILED, START_FAILED, CRASHED, FORCED -> RESTARTED;
        };
    }

    /** The exit codes that follow this rule, in ascending order. */
    public List<Integer> exitCodes() {
        return Arrays.stream(ExitCode.values()).filter(c -> of(c) == this).map(ExitCode::code).sorted().toList();
    }
}
