package io.jqemu.launcher.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, fsync'ed record of a VM's host changes. A change is written (and forced to
 * disk) before it is made; its undo is written after it has been undone. Whatever is recorded
 * and not undone is {@link #pending()}: what a crashed controller left behind.
 *
 * <p>Lines: {@code do <seq> <change...>} and {@code undone <seq>}; a torn last line (a crash
 * while writing) is ignored.
 */
public final class UndoJournal {
    private static final Logger LOG = LoggerFactory.getLogger(UndoJournal.class);
    /** The journal's file name inside the VM's state directory. */
    public static final String FILE_NAME = "host-changes.journal";

    /**
     * A recorded change not undone yet.
     *
     * @param sequence its number in the journal
     * @param change   the change
     */
    public record Entry(long sequence, HostChange change) {
    }

    private final Path file;

    /** A journal kept in {@code file} (created on the first record). */
    public UndoJournal(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /** Records {@code change} durably, before the caller makes it. */
    public synchronized Entry record(HostChange change) {
        long sequence = nextSequence();
        append("do\t" + sequence + "\t" + change.encode());
        return new Entry(sequence, change);
    }

    /** Records that the change of {@code entry} has been undone. */
    public synchronized void markUndone(Entry entry) {
        append("undone\t" + entry.sequence());
    }

    /** The changes recorded and not undone, oldest first. */
    public synchronized List<Entry> pending() {
        Map<Long, Entry> open = new LinkedHashMap<>();
        for (String line : completeLines()) {
            String[] parts = line.split("\t", 3);
            try {
                if (parts[0].equals("do") && parts.length == 3) {
                    long seq = Long.parseLong(parts[1]);
                    open.put(seq, new Entry(seq, HostChange.decode(parts[2])));
                } else if (parts[0].equals("undone") && parts.length == 2) {
                    open.remove(Long.parseLong(parts[1]));
                } else {
                    LOG.warn("skipping a torn line in {}: {}", file, line);
                }
            } catch (HostException | NumberFormatException e) {
                // a line torn by a crash while it was written: its change was never made
                LOG.warn("skipping a torn line in {}: {}", file, line);
            }
        }
        return new ArrayList<>(open.values());
    }

    /** Deletes the journal once nothing is pending. */
    public synchronized void deleteIfDone() {
        if (pending().isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
    }

    private long nextSequence() {
        long max = 0;
        for (String line : completeLines()) {
            String[] parts = line.split("\t", 3);
            if (parts[0].equals("do") && parts.length == 3 && parts[1].matches("\\d+")) {
                max = Math.max(max, Long.parseLong(parts[1]));
            }
        }
        return max + 1;
    }

    private List<String> completeLines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static boolean endsWithNewline(FileChannel channel) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, channel.size() - 1);
        return last.get(0) == '\n';
    }

    private void append(String line) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // a torn last line (crash mid-write) must not swallow this one
            String prefix = channel.size() > 0 && !endsWithNewline(channel) ? "\n" : "";
            ByteBuffer bytes = ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
            long position = channel.size();
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(true);
            if (position == bytes.limit()) {
                forceDirectory(); // the journal was just created: make its directory entry durable too
            }
        } catch (IOException e) {
            throw new HostException("cannot write the undo journal " + file + ": " + e.getMessage(), e);
        }
    }
}
