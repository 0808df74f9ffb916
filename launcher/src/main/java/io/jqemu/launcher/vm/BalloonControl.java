package io.jqemu.launcher.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.jqemu.launcher.BalloonStatus;
import io.jqemu.launcher.ExitStatus;
import io.jqemu.launcher.GuestMemoryStats;
import io.jqemu.launcher.HumanDuration;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.VmExitedException;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpCommand;
import io.jqemu.qmp.command.Balloon;
import io.jqemu.qmp.command.QomGet;
import io.jqemu.qmp.command.QomSet;
import io.jqemu.qmp.command.QueryBalloon;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpSubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the memory balloon and waits for the guest to follow. QEMU rate-limits
 * {@code BALLOON_CHANGE} to one a second, so progress is read with {@code query-balloon} and the
 * event only wakes the wait early.
 */
public final class BalloonControl {
    private static final Logger LOG = LoggerFactory.getLogger(BalloonControl.class);
    /** The balloon's QOM path: core renders it with id {@code balloon0}. */
    static final String QOM_PATH = "/machine/peripheral/balloon0";
    private static final long TOLERANCE_BYTES = 1L << 20;
    private static final long POLL_MILLIS = 50;

    private final String vmName;
    private final QmpClient qmp;
    private final CompletableFuture<ExitStatus> exit;
    private final Object wake = new Object();
    private volatile boolean statsPollingOn;

    /**
     * Balloon control for one VM.
     *
     * @param vmName the VM's name, for messages
     * @param qmp its monitor
     * @param exit completes when QEMU exits (waits then fail at once)
     */
    public BalloonControl(String vmName, QmpClient qmp, CompletableFuture<ExitStatus> exit) {
        this.vmName = vmName;
        this.qmp = qmp;
        this.exit = exit;
    }

    /** What the balloon holds now. */
    public BalloonStatus query() {
        return new BalloonStatus(send(new QueryBalloon()).actualBytes());
    }

    /**
     * Asks the guest to shrink or grow to {@code targetBytes} and waits until it has (less than 1 MiB off: the balloon moves in 1 MiB steps, so one step short is not there yet).
     *
     * @return the balloon once the target is reached
     * @throws LauncherException when the guest does not get there within {@code timeout}
     * @throws VmExitedException when QEMU exits meanwhile
     */
    public BalloonStatus setTarget(long targetBytes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (QmpSubscription ignored = qmp.subscribe("BALLOON_CHANGE", e -> wakeUp())) {
            exit.whenComplete((s, t) -> wakeUp());
            send(new Balloon(targetBytes));
            while (true) {
                BalloonStatus now = query();
                if (Math.abs(now.actualBytes() - targetBytes) < TOLERANCE_BYTES) {
                    LOG.info("VM {}: balloon reached {} MiB", vmName, now.actualMib());
                    return now;
                }
                if (System.nanoTime() >= deadline) {
                    throw new LauncherException("VM " + vmName + ": the guest's memory is " + now.actualMib()
                            + " MiB, not the balloon target " + (targetBytes >> 20) + " MiB, after " + HumanDuration.of(timeout));
                }
                sleepUntilWoken();
            }
        }
    }

    /**
     * Reads the guest's memory statistics, turning on the balloon's stats polling (every second) on
     * first use and waiting up to {@code timeout} for the guest's first report.
     */
    public GuestMemoryStats stats(Duration timeout) {
        if (!statsPollingOn) {
            send(new QomSet(QOM_PATH, "guest-stats-polling-interval", IntNode.valueOf(1)));
            statsPollingOn = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode got = send(new QomGet(QOM_PATH, "guest-stats"));
            long lastUpdate = got.path("last-update").asLong();
            if (lastUpdate > 0) {
                Map<String, Long> stats = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = got.path("stats").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().asLong() >= 0) {
                        stats.put(e.getKey(), e.getValue().asLong());
                    }
                }
                return new GuestMemoryStats(stats, Instant.ofEpochSecond(lastUpdate));
            }
            if (System.nanoTime() >= deadline) {
                throw new LauncherException("VM " + vmName + ": the guest reported no memory statistics within "
                        + HumanDuration.of(timeout) + " (is its virtio_balloon driver loaded?)");
            }
            sleepUntilWoken();
        }
    }

    private <R> R send(QmpCommand<R> command) {
        if (exit.isDone()) {
            throw new VmExitedException(vmName, command.name(), exit.join());
        }
        try {
            return qmp.send(command);
        } catch (QmpException | CompletionException e) {
            if (exit.isDone() || !qmp.isOpen()) {
                throw new VmExitedException(vmName, command.name(), exit.getNow(ExitStatus.unknown()));
            }
            throw e;
        }
    }

    private void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void sleepUntilWoken() {
        synchronized (wake) {
            try {
                wake.wait(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException("VM " + vmName + ": interrupted while waiting for the balloon", e);
            }
        }
        if (exit.isDone()) {
            throw new VmExitedException(vmName, "waiting for the balloon", exit.join());
        }
    }
}
