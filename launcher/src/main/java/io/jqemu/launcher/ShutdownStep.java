package io.jqemu.launcher;

/** The rungs of the shutdown ladder, in the order they are tried. */
public enum ShutdownStep {
    /** The guest acted on {@code system_powerdown} and powered off. */
    GUEST_POWEROFF,
    /**
     * The guest ignored the power button, and powered off when its guest agent was asked
     * ({@code guest-shutdown}); tried only when the VM has a guest-agent channel.
     */
    GUEST_AGENT_SHUTDOWN,
    /** QEMU obeyed the QMP {@code quit} command. */
    QUIT,
    /** QEMU exited on SIGTERM. */
    SIGTERM,
    /** QEMU was killed with SIGKILL. */
    SIGKILL,
    /** QEMU exited during the ladder without a guest power-off or a request (e.g. it was killed). */
    PROCESS_EXITED,
    /** QEMU had already exited when the shutdown was asked for. */
    ALREADY_EXITED
}
