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
 * The append-only record of a VM's host changes. A change is written before it is made; its undo
 * is written after it has been undone. Whatever is recorded and not undone is {@link #pending()}:
 * what a crashed controller left behind.
 *
 * <p>Lines: {@code do <seq> <change...>}, {@code undone <seq>} and {@code kept <seq>} (a change
 * that stays, see {@link #markKept}); a torn last line (a crash while writing) is ignored.
 *
 * <h2>What is forced to disk, and why that is enough</h2>
 * Every line is written with {@code write(2)} before the change is made, so once written it
 * survives a crash of this JVM (the kernel's page cache has it). Only a crash of the host itself
 * can lose an unforced line, and so a line is forced only when the change would outlive a host
 * crash and nothing else would find it:
 * <ul>
 *   <li>{@link #record} (SR-IOV counts, vfio bindings, taps, macvtaps): the line is forced with
 *       {@code fdatasync} ({@code force(false)}), not {@code fsync}. The journal is only
 *       appended, so its size changes with every line and {@code fdatasync} flushes the size with
 *       the data; what it skips (timestamps) is not needed to read the line back. The directory
 *       entry of a new journal file is forced once per journal object. Forcing a line also forces
 *       every earlier line of the file, so order is kept.</li>
 *   <li>{@link #recordUnforced} for changes that are harmless if their line is lost: the VM's own
 *       runtime directory. It lives in a tmpfs ({@code /run}, {@code $XDG_RUNTIME_DIR}) that a host
 *       crash empties, and where it does not, {@link HostPreparation#reconcile} removes it by the
 *       layout ({@code runtime-dir} in the state directory) and the next prepare of the same VM
 *       adopts it (records it again and removes it on release).</li>
 *   <li>{@link #markUndone} is not forced: a lost {@code undone} line only makes a later
 *       reconcile undo that change again, and every undo is idempotent.</li>
 * </ul>
 * A launch without taps, vfio or SR-IOV thus forces nothing (this was 6.5 ms of a ~45 ms launch).
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
    private boolean directoryForced;

    /** A journal kept in {@code file} (created on the first record). */
    public UndoJournal(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /** Records {@code change} durably (forced to disk), before the caller makes it. */
    public synchronized Entry record(HostChange change) {
        return record(change, true);
    }

    /**
     * Records {@code change} before the caller makes it, without forcing the line to disk: only for
     * a change that is harmless if a host crash loses its line (see the class comment). A later
     * {@link #record} forces this line too.
     */
    public synchronized Entry recordUnforced(HostChange change) {
        return record(change, false);
    }

    /** Records that the change of {@code entry} has been undone (not forced: undoing again is harmless). */
    public synchronized void markUndone(Entry entry) {
        append("undone\t" + entry.sequence(), false);
    }

    /**
     * Records that the change of {@code entry} stays as it is: it is no longer pending, so nothing
     * undoes it (an image created for a VM that started). Forced to disk: a lost line would let a
     * later reconcile undo a change that must stay.
     */
    public synchronized void markKept(Entry entry) {
        append("kept\t" + entry.sequence(), true);
    }

    private Entry record(HostChange change, boolean force) {
        long sequence = nextSequence();
        append("do\t" + sequence + "\t" + change.encode(), force);
        return new Entry(sequence, change);
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
                } else if ((parts[0].equals("undone") || parts[0].equals("kept")) && parts.length == 2) {
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

    private void append(String line, boolean force) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // a torn last line (crash mid-write) must not swallow this one
            String prefix = channel.size() > 0 && !endsWithNewline(channel) ? "\n" : "";
            ByteBuffer bytes = ByteBuffer.wrap((prefix + line + "\n").getBytes(StandardCharsets.UTF_8));
            long position = channel.size();
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            if (force) {
                channel.force(false);
                if (!directoryForced) {
                    forceDirectory(); // the journal may have been created without force: make its entry durable
                    directoryForced = true;
                }
            }
        } catch (IOException e) {
            throw new HostException("cannot write the undo journal " + file + ": " + e.getMessage(), e);
        }
    }
}
