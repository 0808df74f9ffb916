package io.jqemu.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A file holding a saved VM state: a fixed-size header ({@value #HEADER_BYTES} bytes) describing the
 * machine it came from, then QEMU's own migration stream (RAM and devices).
 *
 * <p>The header is text: the line {@value #MAGIC}, then one line of JSON with
 * <ul>
 *   <li>{@code machine}: the fingerprint, every option of QEMU's command line that shapes the
 *       guest's hardware ({@code -machine}, {@code -accel}, {@code -cpu}, {@code -m}, {@code -smp} and
 *       every {@code -device}), as rendered for the VM. A restore renders the machine it is given
 *       the same way and refuses any difference, naming it, before QEMU starts: QEMU itself would
 *       fail midway or, worse, run a guest on hardware it does not know;</li>
 *   <li>{@code disks}: each image file's path, size and modification time at the end of the save.
 *       The guest's disks must not be written between the save and the restore (the saved RAM holds
 *       the guest's caches of them); a restore refuses an image whose size or modification time
 *       changed. Host block devices cannot be checked this way and are listed only.</li>
 * </ul>
 * The rest of the header is zero bytes. The header is written last, after QEMU has finished the
 * stream, so a file whose header is zero is an incomplete save.
 */
public final class VmStateFile {
    /** The first line of a state file. */
    public static final String MAGIC = "JQEMU-VM-STATE 1";
    /** The size of the header; QEMU's stream starts at this offset. */
    public static final int HEADER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SHAPING_OPTIONS = Set.of("-machine", "-accel", "-cpu", "-m", "-smp", "-device");

    private VmStateFile() {
    }

    /**
     * The header of a state file.
     *
     * @param vm      the name of the VM saved
     * @param savedAt when the save ended
     * @param machine the fingerprint: the hardware-shaping options of the VM's command line
     * @param disks   the disks as they were at the end of the save
     */
    public record Header(String vm, Instant savedAt, List<String> machine, List<DiskStamp> disks) {
        /** Copies the lists. */
        public Header {
            Objects.requireNonNull(vm);
            Objects.requireNonNull(savedAt);
            machine = List.copyOf(machine);
            disks = List.copyOf(disks);
        }
    }

    /**
     * One disk of a saved VM.
     *
     * @param field        the disk's field path, e.g. {@code disks[0]}
     * @param path         its image file or block device
     * @param imageFile    whether it is an image file (then size and modification time are checked)
     * @param size         the file's size in bytes (0 for a block device)
     * @param modifiedNanos the file's modification time, nanoseconds since the epoch (0 for a block device)
     */
    public record DiskStamp(String field, String path, boolean imageFile, long size, long modifiedNanos) {
    }

    /** The hardware-shaping options of {@code argv}, each as {@code "-option value"}, in order. */
    static List<String> fingerprint(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (SHAPING_OPTIONS.contains(argv.get(i))) {
                out.add(argv.get(i) + " " + argv.get(i + 1));
                i++;
            }
        }
        return out;
    }

    /** The disks of {@code machine} as they are on the host now. */
    static List<DiskStamp> stamp(Machine machine) {
        List<DiskStamp> out = new ArrayList<>();
        for (PlacedDevice p : machine.placedDevices()) {
            if (p.device() instanceof Disk d) {
                String path = d.source().path();
                if (d.source() instanceof DiskSource.ImageFile) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
                        Instant m = a.lastModifiedTime().toInstant();
                        out.add(new DiskStamp(p.path(), path, true, a.size(),
                                m.getEpochSecond() * 1_000_000_000L + m.getNano()));
                    } catch (IOException e) {
                        throw new LauncherException(p.path() + ".path: cannot read " + path + ": " + e.getMessage(), e);
                    }
                } else {
                    out.add(new DiskStamp(p.path(), path, false, 0, 0));
                }
            }
        }
        return out;
    }

    /** The header bytes (exactly {@link #HEADER_BYTES}). */
    static ByteBuffer encode(Header header) {
        ObjectNode json = JSON.createObjectNode().put("vm", header.vm()).put("savedAt", header.savedAt().toString());
        ArrayNode machine = json.putArray("machine");
        header.machine().forEach(machine::add);
        ArrayNode disks = json.putArray("disks");
        for (DiskStamp d : header.disks()) {
            disks.addObject().put("field", d.field()).put("path", d.path()).put("imageFile", d.imageFile())
                    .put("size", d.size()).put("modifiedNanos", d.modifiedNanos());
        }
        byte[] text;
        try {
            text = (MAGIC + "\n" + JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new LauncherException("cannot write a state file header: " + e.getMessage(), e);
        }
        if (text.length > HEADER_BYTES) {
            throw new LauncherException("the machine's description (" + text.length + " bytes) does not fit the "
                    + HEADER_BYTES + "-byte header of a state file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
        buffer.put(text).rewind();
        return buffer;
    }

    /**
     * Reads the header of {@code file}.
     *
     * @throws StateMismatchException when the file is not a complete jqemu state file
     */
    public static Header read(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StateMismatchException(file + " is not a regular file (a state file jqemu saved)");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill the header
            }
        } catch (IOException e) {
            throw new StateMismatchException("cannot read " + file + ": " + e.getMessage());
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        int end = text.indexOf('\0');
        text = end < 0 ? text : text.substring(0, end);
        String[] lines = text.split("\n");
        if (text.isEmpty()) {
            throw new StateMismatchException(file + " is an incomplete state file (its save did not finish)");
        }
        if (lines.length < 2 || !lines[0].equals(MAGIC)) {
            throw new StateMismatchException(file + " is not a jqemu state file (it does not start with " + MAGIC + ")");
        }
        try {
            JsonNode json = JSON.readTree(lines[1]);
            List<String> machine = new ArrayList<>();
            json.get("machine").forEach(n -> machine.add(n.asText()));
            List<DiskStamp> disks = new ArrayList<>();
            json.get("disks").forEach(n -> disks.add(new DiskStamp(n.get("field").asText(), n.get("path").asText(),
                    n.get("imageFile").asBoolean(), n.get("size").asLong(), n.get("modifiedNanos").asLong())));
            return new Header(json.get("vm").asText(), Instant.parse(json.get("savedAt").asText()), machine, disks);
        } catch (IOException | RuntimeException e) {
            throw new StateMismatchException(file + " has a damaged header: " + e.getMessage());
        }
    }

    /**
     * Checks that the state in {@code file} can be restored into a machine rendered as {@code argv},
     * whose disks are now as {@code disks} says.
     *
     * @throws StateMismatchException naming the first difference
     */
    static Header verify(Path file, String vm, List<String> argv, List<DiskStamp> disks) {
        Header saved = read(file);
        List<String> now = fingerprint(argv);
        if (!saved.machine().equals(now)) {
            throw new StateMismatchException("cannot restore " + file + " into VM " + vm + ": the machine differs from"
                    + " the one saved (VM " + saved.vm() + "): " + difference(saved.machine(), now));
        }
        for (DiskStamp then : saved.disks()) {
            DiskStamp current = disks.stream().filter(d -> d.field().equals(then.field())).findFirst().orElse(null);
            if (current == null || !current.path().equals(then.path())) {
                throw new StateMismatchException("cannot restore " + file + ": " + then.field() + " was " + then.path()
                        + " when the state was saved, now " + (current == null ? "absent" : current.path()));
            }
            if (then.imageFile() && (then.size() != current.size() || then.modifiedNanos() != current.modifiedNanos())) {
                throw new StateMismatchException("cannot restore " + file + ": " + then.field() + " " + then.path()
                        + " was written after the state was saved (size " + then.size() + " -> " + current.size()
                        + ", modified " + instant(then.modifiedNanos()) + " -> " + instant(current.modifiedNanos())
                        + "); the saved guest's view of its disk no longer matches it");
            }
        }
        return saved;
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String difference(List<String> saved, List<String> now) {
        Set<String> gone = new LinkedHashSet<>(saved);
        now.forEach(gone::remove);
        Set<String> added = new LinkedHashSet<>(now);
        saved.forEach(added::remove);
        List<String> parts = new ArrayList<>();
        if (!gone.isEmpty()) {
            parts.add("saved with " + String.join(", ", gone));
        }
        if (!added.isEmpty()) {
            parts.add("now " + String.join(", ", added));
        }
        return parts.isEmpty() ? "the options are in another order" : String.join("; ", parts);
    }
}
