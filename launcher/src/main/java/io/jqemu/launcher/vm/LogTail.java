package io.jqemu.launcher.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows QEMU's log file (QEMU writes its stderr straight into it, so the log survives this JVM)
 * and hands every complete line to a consumer, keeping the last lines for error messages. The
 * reading is done by the one {@link LogPump} of the JVM; the file stays open while it is followed.
 */
final class LogTail implements AutoCloseable {
    private static final int KEPT_LINES = 40;
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final Consumer<String> sink;
    private final Deque<String> recent = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private RandomAccessFile in;
    private long position;
    private boolean stopped;

    LogTail(Path file, long startPosition, Consumer<String> sink) {
        this.file = file;
        this.sink = sink;
        this.position = startPosition;
    }

    void start() {
        LogPump.instance().add(this);
    }

    /**
     * Reads what has been appended since the last call and emits its complete lines.
     *
     * @return whether anything was read
     */
    synchronized boolean poll() {
        if (stopped) {
            return false;
        }
        boolean progressed = false;
        try {
            if (in == null) {
                in = new RandomAccessFile(file.toFile(), "r");
            }
            long length;
            while ((length = in.length()) > position) {
                in.seek(position);
                byte[] bytes = new byte[(int) Math.min(length - position, CHUNK)];
                in.readFully(bytes);
                position += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    emit(partial.substring(0, newline));
                    partial.delete(0, newline + 1);
                }
                progressed = true;
            }
        } catch (IOException e) {
            return progressed;
        }
        return progressed;
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

    /** Reads what is left in the file (a last line without newline too), then stops following it. */
    void drainAndStop() {
        LogPump.instance().remove(this);
        synchronized (this) {
            if (stopped) {
                return;
            }
            poll();
            if (!partial.isEmpty()) {
                emit(partial.toString());
                partial.setLength(0);
            }
            stopped = true;
            closeFile();
        }
    }

    private void closeFile() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
            in = null;
        }
    }

    @Override
    public void close() {
        drainAndStop();
    }
}
