package io.jqemu.launcher.vm;

import io.jqemu.launcher.ExitStatus;
import java.time.Duration;
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

    /** Whether the VM has a guest-agent channel the ladder may ask to shut the guest down. */
    default boolean hasGuestAgent() {
        return false;
    }

    /**
     * Asks the guest agent to power the guest off ({@code guest-shutdown}).
     *
     * @param timeout how long the agent may take to answer
     * @return completes when the agent accepted the command, fails when it refused or did not answer
     */
    default CompletableFuture<?> guestAgentShutdown(Duration timeout) {
        return CompletableFuture.failedFuture(new IllegalStateException("no guest agent"));
    }

    /** Asks QEMU to exit ({@code quit}). */
    CompletableFuture<?> quit();

    /** Sends SIGTERM to QEMU. */
    void terminate();

    /** Sends SIGKILL to QEMU. */
    void kill();

    /** Hears each rung as it begins (what was done, how long the ladder now waits); by default nobody. */
    default void progress(io.jqemu.launcher.ShutdownProgress progress) {
    }
}
