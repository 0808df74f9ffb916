package io.jqemu.launcher.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows QEMU's log file (QEMU writes its stderr straight into it, so the log survives this JVM)
 * and hands every complete line to a consumer, keeping the last lines for error messages.
 */
final class LogTail implements AutoCloseable {
    private static final int KEPT_LINES = 40;
    private static final long POLL_MILLIS = 20;

    private final Path file;
    private final Consumer<String> sink;
    private final Deque<String> recent = new ArrayDeque<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopRequested;
    private long position;

    LogTail(Path file, long startPosition, String threadName, Consumer<String> sink) {
        this.file = file;
        this.sink = sink;
        this.position = startPosition;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        StringBuilder partial = new StringBuilder();
        try {
            while (true) {
                boolean last = stopRequested;
                boolean progressed = readAvailable(partial);
                if (last) {
                    if (!partial.isEmpty()) {
                        emit(partial.toString());
                    }
                    return;
                }
                if (!progressed) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private boolean readAvailable(StringBuilder partial) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= position) {
                return false;
            }
            in.seek(position);
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 16)];
            in.readFully(bytes);
            position += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                emit(partial.substring(0, newline));
                partial.delete(0, newline + 1);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void emit(String line) {
        synchronized (recent) {
            recent.addLast(line);
            if (recent.size() > KEPT_LINES) {
                recent.removeFirst();
            }
        }
        sink.accept(line);
    }

    /** The last lines read so far, oldest first. */
    List<String> recentLines() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Reads what is left in the file, then stops; waits at most a second for that. */
    void drainAndStop() {
        stopRequested = true;
        try {
            finished.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        drainAndStop();
    }
}
