package io.jqemu.launcher;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who controls a VM: the process holding its lock (a {@code jqemu run}, a JVM with a {@link Launcher}).
 *
 * @param pid     the controller's process id
 * @param started the controller's start time, when known (guards against a reused pid)
 * @param command what the controller said it is, e.g. {@code jqemu run /srv/vm.toml}
 */
public record VmController(long pid, Optional<Instant> started, String command) {
    /** Rejects a null start time or command; an unknown start time is empty. */
    public VmController {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(command, "command");
    }

    @Override
    public String toString() {
        return "pid " + pid + " (" + command + ")";
    }
}
