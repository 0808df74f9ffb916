package io.jqemu.launcher.vm;

import io.jqemu.launcher.ExitStatus;
import java.util.concurrent.CompletableFuture;

/** What the shutdown ladder acts on: the guest's power button, QEMU's monitor and its process. */
public interface LadderTarget {
    /** Whether the guest's vCPUs are stopped (it then cannot act on the power button). */
    boolean isPaused();

    /** Completes when QEMU has exited. */
    CompletableFuture<ExitStatus> exit();

    /**
     * Completes with true when the guest reports its power-off (QMP {@code SHUTDOWN} with reason
     * {@code guest-shutdown}), with false when QEMU reports another cause first or its monitor
     * ends without one.
     */
    CompletableFuture<Boolean> guestShutdown();

    /** Presses the ACPI power button ({@code system_powerdown}). */
    CompletableFuture<?> pressPowerButton();

    /** Asks QEMU to exit ({@code quit}). */
    CompletableFuture<?> quit();

    /** Sends SIGTERM to QEMU. */
    void terminate();

    /** Sends SIGKILL to QEMU. */
    void kill();
}
