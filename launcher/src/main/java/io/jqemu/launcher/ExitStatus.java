package io.jqemu.launcher;

import java.util.OptionalInt;
import java.util.Set;

/**
 * How the QEMU process ended.
 *
 * <p>The exit code is known only for a QEMU this JVM started; a re-attached QEMU is not this
 * JVM's child, so its status is {@link #unknown()}. The JDK reports death by signal N as
 * {@code 128 + N}; {@link #signal()} decodes that.
 *
 * @param rawStatus the status the JDK reported, when known
 */
public record ExitStatus(OptionalInt rawStatus) {
    /** SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS: a process dies of these by itself. */
    private static final Set<Integer> FAULT_SIGNALS = Set.of(4, 5, 6, 7, 8, 11, 31);

    /** The status of a process this JVM started. */
    public static ExitStatus of(int rawStatus) {
        return new ExitStatus(OptionalInt.of(rawStatus));
    }

    /** The status of a process that was not this JVM's child. */
    public static ExitStatus unknown() {
        return new ExitStatus(OptionalInt.empty());
    }

    /** The exit code, when the process exited normally. */
    public OptionalInt exitCode() {
        return rawStatus.isPresent() && rawStatus.getAsInt() <= 128 ? rawStatus : OptionalInt.empty();
    }

    /** The signal that killed the process, when it died of one. */
    public OptionalInt signal() {
        return rawStatus.isPresent() && rawStatus.getAsInt() > 128
                ? OptionalInt.of(rawStatus.getAsInt() - 128) : OptionalInt.empty();
    }

    /**
     * Whether the process died of a fault signal (SIGSEGV, SIGABRT, SIGBUS ...): a crash. A death
     * by another signal (SIGKILL above all) means someone killed it.
     */
    public boolean isFault() {
        return signal().isPresent() && FAULT_SIGNALS.contains(signal().getAsInt());
    }

    /** Whether QEMU exited normally with code 0. */
    public boolean isSuccess() {
        return exitCode().equals(OptionalInt.of(0));
    }

    @Override
    public String toString() {
        if (signal().isPresent()) {
            return "killed by signal " + signal().getAsInt();
        }
        return exitCode().isPresent() ? "exit code " + exitCode().getAsInt() : "exit status unknown";
    }
}
