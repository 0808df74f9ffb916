package io.jqemu.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The test guest's serial-console protocol: reads every console line, waits for markers, runs
 * shell commands ({@code <token> <command>} answered by {@code JQEMU-BEGIN}/{@code JQEMU-END}).
 */
final class GuestShell implements AutoCloseable {
    private final SerialConsole console;
    private final OutputStream out;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private int nextToken = 1;
    private boolean closed;

    /** Result of one guest command. */
    record Result(int status, List<String> output) {
        String text() {
            return String.join("\n", output);
        }
    }

    GuestShell(SerialConsole console) {
        this.console = console;
        this.out = console.output();
        this.reader = Thread.ofPlatform().daemon().name("guest-console").start(this::readLines);
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(console.input(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String clean = line.replace("\r", "");
                synchronized (lines) {
                    lines.add(clean);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the console closed
        } finally {
            synchronized (lines) {
                closed = true;
                lines.notifyAll();
            }
        }
    }

    /** Number of lines seen so far (a mark to search from). */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** Waits for a line from index {@code from} on that matches; returns it. */
    String awaitLine(int from, Predicate<String> match, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int i = from;
            while (true) {
                for (; i < lines.size(); i++) {
                    if (match.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new TimeoutException("no matching console line within " + timeout + "; last lines: "
                            + lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for the guest's ready marker. */
    void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
        awaitLine(0, l -> l.startsWith("JQEMU-GUEST-READY"), timeout);
    }

    /** Runs one shell command in the guest and returns its status and output. */
    Result run(String command, Duration timeout) throws Exception {
        String token = "t" + nextToken++;
        int from = mark();
        synchronized (out) {
            out.write((token + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        awaitLine(from, ("JQEMU-BEGIN " + token)::equals, timeout);
        String end = awaitLine(from, l -> l.startsWith("JQEMU-END " + token + " "), timeout);
        List<String> output = new ArrayList<>();
        synchronized (lines) {
            int begin = lines.subList(from, lines.size()).indexOf("JQEMU-BEGIN " + token) + from;
            for (int i = begin + 1; i < lines.size() && !lines.get(i).equals(end); i++) {
                if (!lines.get(i).startsWith("JQEMU-UEVENT")) {
                    output.add(lines.get(i));
                }
            }
        }
        return new Result(Integer.parseInt(end.substring(end.lastIndexOf(' ') + 1)), output);
    }

    /** Runs a command and returns its output, failing unless it exits 0. */
    String check(String command) throws Exception {
        Result result = run(command, Duration.ofSeconds(30));
        if (result.status() != 0) {
            throw new AssertionError("guest command failed (" + result.status() + "): " + command + "\n" + result.text());
        }
        return result.text();
    }

    @Override
    public void close() {
        console.close();
    }
}
