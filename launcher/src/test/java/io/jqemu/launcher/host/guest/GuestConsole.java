package io.jqemu.launcher.host.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The test guest's serial console: reads its lines on a daemon thread, runs commands with the
 * {@code <token> <command>} / {@code JQEMU-BEGIN}/{@code JQEMU-END} protocol and waits for
 * markers and {@code JQEMU-UEVENT} lines.
 */
public final class GuestConsole {
    /** The line the guest prints once it accepts commands. */
    public static final String READY = "JQEMU-GUEST-READY";

    /**
     * The result of one command.
     *
     * @param status its exit status
     * @param output its stdout and stderr lines
     */
    public record Result(int status, List<String> output) {
        /** The output joined with newlines. */
        public String text() {
            return String.join("\n", output);
        }
    }

    private final OutputStream input;
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong tokens = new AtomicLong();
    private boolean closed;

    /** Reads {@code output} (the guest's serial output) and writes commands to {@code input}. */
    public GuestConsole(InputStream output, OutputStream input) {
        this.input = input;
        Thread reader = new Thread(() -> pump(output), "guest-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Every line seen so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The number of lines seen so far: a mark for {@link #await(int, Predicate, Duration)}. */
    public synchronized int mark() {
        return lines.size();
    }

    /** Waits for a line matching {@code match}, seen at any time since the console opened. */
    public String await(Predicate<String> match, Duration timeout) throws InterruptedException, TimeoutException {
        return await(0, match, timeout);
    }

    /** Waits for a line matching {@code match} among the lines from number {@code from} on (see {@link #mark()}). */
    public synchronized String await(int from, Predicate<String> match, Duration timeout) throws InterruptedException,
            TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < lines.size(); i++) {
                if (match.test(lines.get(i))) {
                    return lines.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                throw new TimeoutException("no matching guest console line within " + timeout
                        + (closed ? " (console closed)" : "") + "; last lines: "
                        + lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the guest's ready marker. */
    public String awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        return await(l -> l.contains(READY), timeout); // firmware may leave escape codes before it
    }

    /** Sends a shell command without waiting for it (for commands that never answer, like {@code poweroff -f}). */
    public String send(String command) {
        String token = "c" + tokens.incrementAndGet();
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one line only: " + command);
        }
        try {
            input.write((token + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return token;
    }

    /** Runs a shell command in the guest and waits for its end marker. */
    public Result run(String command, Duration timeout) throws InterruptedException, TimeoutException {
        String token = send(command);
        String end = await(l -> l.startsWith("JQEMU-END " + token + " "), timeout);
        synchronized (this) {
            int begin = lines.indexOf("JQEMU-BEGIN " + token);
            int last = lines.indexOf(end);
            List<String> output = lines.subList(begin + 1, last).stream()
                    .filter(l -> !l.startsWith("JQEMU-UEVENT ")).toList();
            return new Result(Integer.parseInt(end.substring(end.lastIndexOf(' ') + 1)), output);
        }
    }

    private void pump(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String clean = line.replace("\r", "");
                synchronized (this) {
                    lines.add(clean);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }
}
