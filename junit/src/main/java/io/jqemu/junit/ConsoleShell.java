package io.jqemu.junit;

import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.SerialConsole;
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
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Runs shell commands in a guest over its serial console with a small line protocol, and waits
 * for lines the guest prints. The guest side is a loop that reads one line {@code <token> <command>},
 * prints {@code JQEMU-BEGIN <token>}, the command's output, then {@code JQEMU-END <token> <status>}
 * (the jqemu test guest does this; the module README shows the dozen lines of shell that give any
 * Linux guest the same loop). Lines arrive in any order with the guest's other output; they are
 * kept (the last {@value #KEPT_LINES}) for waits and failure reports.
 *
 * <p>Every wait takes a timeout; when it runs out (or the console closes) the
 * {@link ConsoleTimeoutException} names the command, the line it expected and the console's last
 * lines. Thread-safe: several threads may run commands at the same time.
 */
public final class ConsoleShell implements AutoCloseable {
    /** The line the jqemu test guest prints once its shell reads commands. */
    public static final String READY = "JQEMU-GUEST-READY";
    /** The first word of the line that opens a command's output. */
    public static final String BEGIN = "JQEMU-BEGIN";
    /** The first word of the line that closes a command's output, followed by the token and the exit status. */
    public static final String END = "JQEMU-END";
    /** How many lines are kept. */
    public static final int KEPT_LINES = 10_000;
    /** How many lines a timeout's message quotes. */
    private static final int QUOTED_LINES = 20;

    private final String name;
    private final OutputStream toGuest;
    private final AutoCloseable connection;
    private final String tokenPrefix = "j" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36), 36);
    private final AtomicLong tokens = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private long dropped;
    private boolean closed;

    private ConsoleShell(String name, InputStream fromGuest, OutputStream toGuest, AutoCloseable connection) {
        this.name = name;
        this.toGuest = toGuest;
        this.connection = connection;
        Thread.ofVirtual().name("jqemu-console-" + name).start(() -> pump(fromGuest));
    }

    /**
     * Connects to the first serial port of {@code vm} (a unix socket). QEMU drops console output
     * while nobody is connected: open the shell while the VM is paused, then resume it, to see
     * every line.
     *
     * @throws io.jqemu.launcher.LauncherException when the VM has no serial port on a unix socket
     */
    public static ConsoleShell open(RunningVm vm) {
        SerialConsole serial = vm.serialConsole();
        return new ConsoleShell("VM " + vm.name(), serial.input(), serial.output(), serial);
    }

    /**
     * A shell over any pair of streams (a TCP console, a pty).
     *
     * @param name      what messages call this console, e.g. {@code "VM web1"}
     * @param fromGuest what the guest prints
     * @param toGuest   what the guest reads
     */
    public static ConsoleShell over(String name, InputStream fromGuest, OutputStream toGuest) {
        return new ConsoleShell(name, fromGuest, toGuest, () -> {
            fromGuest.close();
            toGuest.close();
        });
    }

    /** The number of lines seen so far: a mark to wait from (see {@link #awaitLine(long, Predicate, String, Duration)}). */
    public synchronized long mark() {
        return dropped + lines.size();
    }

    /** The kept lines, oldest first, without carriage returns. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last {@code count} lines, oldest first. */
    public synchronized List<String> tail(int count) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** Whether the console has closed (QEMU ended or {@link #close()} was called). */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Waits for a line containing {@code marker}, seen at any time since the shell opened.
     *
     * @return the line
     * @throws ConsoleTimeoutException naming the marker and the last lines when none came in time
     */
    public String awaitMarker(String marker, Duration timeout) {
        return awaitLine(0, line -> line.contains(marker), "line containing '" + marker + "'", timeout);
    }

    /** Waits for the jqemu test guest's {@link #READY} line (see {@link #awaitMarker}). */
    public String awaitReady(Duration timeout) {
        return awaitMarker(READY, timeout);
    }

    /**
     * Waits for a line matching {@code match} among the lines from number {@code from} on.
     *
     * @param from        a {@link #mark()}: earlier lines do not count
     * @param match       the line wanted
     * @param description what the line is, for the timeout's message ("no {@code description} within 30 s")
     * @param timeout     how long to wait
     * @return the line
     * @throws ConsoleTimeoutException naming {@code description} and the last lines when none came in time
     */
    public String awaitLine(long from, Predicate<String> match, String description, Duration timeout) {
        return awaitLine(from, match, description, Objects.requireNonNull(timeout, "timeout"), null);
    }

    /**
     * Sends one command line without waiting for its answer (for a command that never answers, such
     * as {@code poweroff -f}).
     *
     * @return the token the answer will carry
     * @throws IllegalArgumentException when the command holds a line break
     */
    public String send(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("command: one line only, got " + quote(command));
        }
        String token = tokenPrefix + tokens.incrementAndGet();
        try {
            synchronized (toGuest) {
                toGuest.write((token + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
                toGuest.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot send command " + quote(command) + ": " + e.getMessage(), e);
        }
        return token;
    }

    /**
     * Runs a command in the guest and waits for its end line.
     *
     * @return its status and output
     * @throws ConsoleTimeoutException naming the command, the end line expected and the last lines
     */
    public CommandResult run(String command, Duration timeout) {
        long from = mark();
        String token = send(command);
        String endPrefix = END + " " + token + " ";
        String end = awaitLine(from, line -> line.startsWith(endPrefix),
                "line '" + endPrefix + "<status>'", timeout, command);
        synchronized (this) {
            int first = indexOf(from, BEGIN + " " + token);
            int last = indexOf(from, end);
            List<String> output = new ArrayList<>();
            for (int i = first + 1; i < last; i++) {
                if (!lines.get(i).startsWith("JQEMU-UEVENT ")) {
                    output.add(lines.get(i));
                }
            }
            return new CommandResult(command, Integer.parseInt(end.substring(endPrefix.length()).strip()), output);
        }
    }

    /**
     * Runs a command and returns its output, failing unless it exits 0.
     *
     * @throws GuestCommandException naming the command, its status and output when it fails
     * @throws ConsoleTimeoutException when it does not end in time
     */
    public String check(String command, Duration timeout) {
        CommandResult result = run(command, timeout);
        if (!result.succeeded()) {
            throw new GuestCommandException(name, result);
        }
        return result.text();
    }

    /** Closes the connection; the guest keeps running. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // already closed by QEMU's exit: nothing is left to release
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }

    private synchronized String awaitLine(long from, Predicate<String> match, String description, Duration timeout,
            String command) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long next = Math.max(from, dropped); // lines are numbered from the first one seen
        while (true) {
            for (next = Math.max(next, dropped); next < dropped + lines.size(); next++) {
                String line = lines.get((int) (next - dropped));
                if (match.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                throw timeout(description, timeout, command);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConsoleTimeoutException(name + ": interrupted while waiting for " + description
                        + (command == null ? "" : " after the command " + quote(command)) + lastLinesText(),
                        tail(QUOTED_LINES));
            }
        }
    }

    private ConsoleTimeoutException timeout(String description, Duration timeout, String command) {
        String why = closed ? "the console closed; no " + description + " came"
                : "no " + description + " within " + seconds(timeout);
        return new ConsoleTimeoutException(name + ": " + why
                + (command == null ? "" : " after the command " + quote(command)) + lastLinesText(), tail(QUOTED_LINES));
    }

    private String lastLinesText() {
        List<String> last = tail(QUOTED_LINES);
        if (last.isEmpty()) {
            return "; the console showed no line";
        }
        return "; the console's last " + last.size() + " lines:\n  " + String.join("\n  ", last);
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private int indexOf(long from, String line) {
        for (int i = (int) Math.max(0, from - dropped); i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String command) {
        return "'" + command + "'";
    }

    private void pump(InputStream fromGuest) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fromGuest, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String clean = line.replace("\r", "");
                synchronized (this) {
                    lines.add(clean);
                    if (lines.size() > KEPT_LINES) {
                        int drop = KEPT_LINES / 2;
                        lines.subList(0, drop).clear();
                        dropped += drop;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the connection ended: QEMU exited or the shell was closed
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }
}
