package io.jqemu.launcher.vm;

import io.jqemu.launcher.ExitStatus;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.ShutdownProgress;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.launcher.ShutdownStep;
import io.jqemu.launcher.ShutdownTimeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown ladder: power button (pressed again once), then, when the VM has a guest-agent
 * channel, {@code guest-shutdown} through the agent, then {@code quit}, SIGTERM and SIGKILL, each
 * rung with its own timeout, stopping at the first rung after which QEMU exits.
 *
 * <p>The guest is taken to have powered off only when QEMU's {@code SHUTDOWN} event says so
 * (reason {@code guest-shutdown}): never on {@code POWERDOWN} (which only says the button was
 * pressed), and never on QEMU's exit status, which is 0 as well when QEMU ends on a signal or on
 * {@code quit} from someone else.
 */
public final class ShutdownLadder {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownLadder.class);
    private static final Duration EXIT_AFTER_GUEST_SHUTDOWN = Duration.ofSeconds(2);

    private final String name;
    private final LadderTarget target;
    private final ShutdownTimeouts timeouts;

    /**
     * A ladder for one VM.
     *
     * @param name the VM's name, for messages
     * @param target what the ladder acts on
     * @param timeouts how long each rung may take
     */
    public ShutdownLadder(String name, LadderTarget target, ShutdownTimeouts timeouts) {
        this.name = name;
        this.target = target;
        this.timeouts = timeouts;
    }

    /**
     * The longest a graceful run ({@link #run} from {@link ShutdownStep#GUEST_POWEROFF}) can take
     * with {@code timeouts}: every wait it may make, added up — the guest's wait for the power
     * button, then the longer of the wait for QEMU's exit and the guest agent's turn, then
     * {@code quit}, SIGTERM and SIGKILL, then the wait for the monitor's last events. A supervisor
     * that allows this long (plus the host's undo) never kills a guest that is still powering off.
     *
     * @param timeouts the ladder's timeouts
     * @return the bound
     */
    public static Duration longestRun(ShutdownTimeouts timeouts) {
        Duration guestAgentTurn = timeouts.guestAgentShutdown().plus(EXIT_AFTER_GUEST_SHUTDOWN);
        Duration afterPowerButton = guestAgentTurn.compareTo(EXIT_AFTER_GUEST_SHUTDOWN) > 0 ? guestAgentTurn
                : EXIT_AFTER_GUEST_SHUTDOWN;
        return timeouts.guestPowerOff().plus(afterPowerButton).plus(timeouts.quit()).plus(timeouts.sigterm())
                .plus(timeouts.sigkill()).plus(EXIT_AFTER_GUEST_SHUTDOWN);
    }

    /**
     * Runs the ladder from {@code first} on; blocks until QEMU has exited.
     *
     * @param first {@link ShutdownStep#GUEST_POWEROFF} for a graceful shutdown, or a later rung
     * @return which rung ended it
     * @throws io.jqemu.launcher.GuestPausedException when a graceful shutdown is asked of a paused guest
     * @throws LauncherException when QEMU survives even SIGKILL
     */
    public ShutdownResult run(ShutdownStep first) {
        long started = System.nanoTime();
        if (target.exit().isDone()) {
            return result(ShutdownStep.ALREADY_EXITED, started);
        }
        if (first == ShutdownStep.GUEST_POWEROFF) {
            if (target.isPaused()) {
                throw new io.jqemu.launcher.GuestPausedException(name);
            }
            powerButton();
            // QEMU's exit status says nothing here: it exits 0 on SIGTERM or quit from anyone
            if (ended() && awaitExit(EXIT_AFTER_GUEST_SHUTDOWN)) {
                return result(guestPoweredOff() ? ShutdownStep.GUEST_POWEROFF : ShutdownStep.PROCESS_EXITED, started);
            }
            if (!ended() && target.hasGuestAgent()) {
                guestAgentShutdown();
                if (ended() && awaitExit(EXIT_AFTER_GUEST_SHUTDOWN)) {
                    return result(guestPoweredOff() ? ShutdownStep.GUEST_AGENT_SHUTDOWN : ShutdownStep.PROCESS_EXITED,
                            started);
                }
            }
        }
        if (first.compareTo(ShutdownStep.QUIT) <= 0) {
            LOG.info("VM {}: sending quit", name);
            ignoreFailure(target.quit(), "quit");
            tell(ShutdownStep.QUIT, "quit sent", timeouts.quit());
            if (awaitExit(timeouts.quit())) {
                return result(ShutdownStep.QUIT, started);
            }
        }
        if (first.compareTo(ShutdownStep.SIGTERM) <= 0) {
            LOG.warn("VM {}: QEMU still running, sending SIGTERM", name);
            target.terminate();
            tell(ShutdownStep.SIGTERM, "SIGTERM sent", timeouts.sigterm());
            if (awaitExit(timeouts.sigterm())) {
                return result(ShutdownStep.SIGTERM, started);
            }
        }
        LOG.warn("VM {}: QEMU still running, sending SIGKILL", name);
        target.kill();
        tell(ShutdownStep.SIGKILL, "SIGKILL sent", timeouts.sigkill());
        if (awaitExit(timeouts.sigkill())) {
            return result(ShutdownStep.SIGKILL, started);
        }
        throw new LauncherException("VM " + name + ": QEMU is still running " + timeouts.sigkill()
                + " after SIGKILL (stuck in the kernel?)");
    }

    /**
     * Whether the guest reported its power-off; once QEMU has exited, waits (briefly) until its
     * monitor's last events are read, so a {@code SHUTDOWN} sent just before the end still counts.
     */
    private boolean guestPoweredOff() {
        CompletableFuture<Boolean> off = target.guestShutdown();
        if (target.exit().isDone()) {
            await(off, EXIT_AFTER_GUEST_SHUTDOWN);
        }
        return off.isDone() && !off.isCompletedExceptionally() && Boolean.TRUE.equals(off.join());
    }

    /** Whether the guest reported a shutdown or QEMU exited. */
    private boolean ended() {
        return target.guestShutdown().isDone() || target.exit().isDone();
    }

    /**
     * Asks the guest agent for {@code guest-shutdown} and waits for the power-off, QEMU's exit, the
     * agent's refusal or the timeout.
     */
    private void guestAgentShutdown() {
        CompletableFuture<?> off = CompletableFuture.anyOf(target.guestShutdown(), target.exit());
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        LOG.info("VM {}: the guest ignored the power button; asking its guest agent (guest-shutdown)", name);
        tell(ShutdownStep.GUEST_AGENT_SHUTDOWN, "guest-shutdown sent to the guest agent",
                timeouts.guestAgentShutdown());
        target.guestAgentShutdown(timeouts.guestAgentShutdown()).whenComplete((ok, error) -> {
            if (error != null) {
                refused.complete(error);
            }
        });
        await(CompletableFuture.anyOf(off, refused), timeouts.guestAgentShutdown());
        if (off.isDone()) {
            return;
        }
        if (refused.isDone()) {
            Throwable why = refused.join();
            LOG.warn("VM {}: the guest agent did not shut the guest down: {}", name,
                    why.getCause() != null && why instanceof java.util.concurrent.CompletionException
                            ? why.getCause().getMessage() : why.getMessage());
        } else {
            LOG.warn("VM {}: the guest did not power off within {} after guest-shutdown", name,
                    timeouts.guestAgentShutdown());
        }
    }

    /** Presses the button, again once after the repeat delay, until power-off, exit or timeout. */
    private void powerButton() {
        CompletableFuture<?> off = CompletableFuture.anyOf(target.guestShutdown(), target.exit());
        LOG.info("VM {}: pressing the power button", name);
        ignoreFailure(target.pressPowerButton(), "system_powerdown");
        tell(ShutdownStep.GUEST_POWEROFF, "power button pressed", timeouts.guestPowerOff());
        if (await(off, timeouts.powerdownRepeat())) {
            return;
        }
        LOG.info("VM {}: no power-off after {}, pressing the power button again", name, timeouts.powerdownRepeat());
        ignoreFailure(target.pressPowerButton(), "system_powerdown");
        tell(ShutdownStep.GUEST_POWEROFF, "power button pressed again",
                timeouts.guestPowerOff().minus(timeouts.powerdownRepeat()));
        boolean done = await(off, timeouts.guestPowerOff().minus(timeouts.powerdownRepeat()));
        if (!done) {
            LOG.warn("VM {}: the guest did not power off within {}", name, timeouts.guestPowerOff());
        }
    }

    /** Tells the target a rung began; a failing listener does not stop the ladder. */
    private void tell(ShutdownStep step, String action, Duration wait) {
        try {
            target.progress(new ShutdownProgress(step, action, wait));
        } catch (RuntimeException e) {
            LOG.warn("VM {}: a shutdown progress listener failed: {}", name, e.toString());
        }
    }

    private boolean awaitExit(Duration timeout) {
        return await(target.exit(), timeout);
    }

    private static boolean await(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while shutting down VM", e);
        }
    }

    private void ignoreFailure(CompletableFuture<?> command, String what) {
        command.whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debug("VM {}: {} failed ({}); the ladder goes on", name, what, error.toString());
            }
        });
    }

    private ShutdownResult result(ShutdownStep step, long started) {
        ExitStatus status = target.exit().join();
        ShutdownResult result = new ShutdownResult(step, guestPoweredOff(), status,
                Duration.ofNanos(System.nanoTime() - started));
        LOG.info("VM {}: shut down by {} ({}) in {} ms", name, step, status, result.took().toMillis());
        return result;
    }
}
