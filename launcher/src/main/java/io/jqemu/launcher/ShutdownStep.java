package io.jqemu.launcher;

/** The rungs of the shutdown ladder, in the order they are tried. */
public enum ShutdownStep {
    /** The guest acted on {@code system_powerdown} and powered off. */
    GUEST_POWEROFF,
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
