package io.jqemu.cli;

/**
 * The exit codes of {@code jqemu}. For {@code run} they tell how the VM ended; the other commands
 * use {@link #OK}, {@link #FAILED}, {@link #USAGE}, {@link #INVALID_CONFIG} and
 * {@link #HOST_NOT_READY}.
 */
public enum ExitCode {
    /**
     * Success; for {@code run}: the guest powered itself off (or was shut down gracefully), as QEMU's
     * SHUTDOWN reason says.
     */
    OK(0, "success; for run: the guest powered off, or jqemu save-state stopped it"),
    /** A command failed at run time (QMP error, VM not found, I/O error). */
    FAILED(1, "the command failed (QMP error, no such VM, I/O error)"),
    /** The command line was wrong (unknown option, missing argument). */
    USAGE(2, "invalid command line"),
    /** The vm.toml is malformed or describes an invalid machine; nothing was touched. */
    INVALID_CONFIG(3, "invalid vm.toml; nothing on the host was touched"),
    /** {@code check} found something that keeps the VM from starting. */
    HOST_NOT_READY(4, "check: the host cannot start this VM"),
    /** {@code run}: preparing the host or starting QEMU failed; host changes were undone. */
    START_FAILED(5, "run: the VM could not be started (host changes undone)"),
    /** {@code run}: QEMU exited with an error or a fault signal (SIGSEGV ...), or the guest panicked. */
    CRASHED(6, "run: QEMU or the guest crashed"),
    /**
     * {@code run}: the guest did not power off; QEMU was stopped by force, by jqemu or from outside
     * (killed, or ended by a signal or a {@code quit} someone else sent it).
     */
    FORCED(7, "run: the VM was stopped by force (quit, SIGTERM or SIGKILL, by jqemu or from outside)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The numeric process exit code. */
    public int code() {
        return code;
    }

    /** One line for the help text. */
    public String meaning() {
        return meaning;
    }
}
