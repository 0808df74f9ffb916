package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.cli.LogFormat;
import io.jqemu.cli.Stderr;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What {@code jqemu stop} shows while the shutdown ladder runs, from the ladder's progress lines
 * ({@code step}, {@code action}, {@code waiting_ms}): what was done, what it waits for, how long at
 * most, and that {@code --force} skips the guest. On a terminal one live line counts the seconds
 * down; otherwise (a pipe, a log, the JSON log format) one line per rung.
 */
public final class StopProgress implements Consumer<JsonNode>, AutoCloseable {

    private static final Duration TICK = Duration.ofSeconds(1);

    private final String vm;
    private final PrintWriter err;
    private final boolean live;
    private final Thread ticker;
    private volatile String shown;
    private volatile String waitingFor;
    private volatile long deadlineNanos;
    private boolean anyLive;

    StopProgress(String vm, PrintWriter err, boolean live) {
        this.vm = vm;
        this.err = err;
        this.live = live;
        this.ticker = live ? Thread.ofPlatform().daemon().name("jqemu-stop-progress").start(this::tick) : null;
    }

    /** Progress of stopping {@code vm} on {@code err}: a live line when stderr is a terminal (and text logs). */
    public static StopProgress on(String vm, PrintWriter err) {
        return new StopProgress(vm, err, LogFormat.current() == LogFormat.TEXT && stderrIsTerminal());
    }

    /** Progress shown as plain lines, whatever stderr is. */
    public static StopProgress plain(String vm, PrintWriter err) {
        return new StopProgress(vm, err, false);
    }

    /** Whether file descriptor 2 is a terminal (a {@code /dev/pts} or {@code /dev/tty} device). */
    static boolean stderrIsTerminal() {
        try {
            String target = Path.of("/proc/self/fd/2").toRealPath().toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void accept(JsonNode rung) {
        String step = rung.path("step").asText();
        String action = rung.path("action").asText();
        Duration waiting = Duration.ofMillis(rung.path("waiting_ms").asLong());
        boolean guest = rung.path("waits_for_guest").asBoolean(false);
        String what = guest ? "the guest to power off" : "QEMU to exit";
        String hint = guest ? " (jqemu stop --force " + vm + " skips the guest)" : "";
        if (!live) {
            Stderr.info(err, vm + ": " + action + "; waiting up to " + seconds(waiting) + " s for " + what + hint,
                    "step", step);
            return;
        }
        synchronized (this) {
            waitingFor = vm + ": " + action + "; waiting for " + what + ", %d s left" + hint;
            deadlineNanos = System.nanoTime() + waiting.toNanos();
            show();
        }
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (waitingFor != null) {
                    show();
                }
            }
        }
    }

    private void show() {
        long left = Math.max(0, (deadlineNanos - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
        String line = String.format(waitingFor, left);
        if (line.equals(shown)) {
            return;
        }
        shown = line;
        anyLive = true;
        err.print("\r\033[K" + line);
        err.flush();
    }

    private static long seconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    /** Stops the live line and ends it, so what follows starts on a line of its own. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
        }
        synchronized (this) {
            if (anyLive) {
                err.println();
                err.flush();
            }
            waitingFor = null;
        }
    }
}
