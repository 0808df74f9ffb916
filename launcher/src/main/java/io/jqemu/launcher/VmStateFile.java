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
import io.jqemu.core.render.GuestRam;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A file holding a saved VM state: a fixed-size header ({@value #HEADER_BYTES} bytes) describing the
 * machine it came from, then QEMU's own migration stream (devices, and the RAM unless it is in a RAM
 * file beside it).
 *
 * <p>The header is text: the line {@value #MAGIC}, then one line of JSON with
 * <ul>
 *   <li>{@code machine}: the fingerprint, every option of QEMU's command line that shapes the
 *       guest's hardware ({@code -machine}, {@code -accel}, {@code -cpu}, {@code -m}, {@code -smp} and
 *       every {@code -device}), each with the model field it comes from. A restore renders the machine
 *       it is given the same way and refuses any difference, naming the field, before QEMU starts:
 *       QEMU itself would fail midway or, worse, run a guest on hardware it does not know. What may
 *       differ is the VM's identity on the host: its name (and so its UUID, runtime directory and
 *       sockets), and the MAC address of a user-mode NIC (left out of the fingerprint; see
 *       {@link #fingerprint});</li>
 *   <li>{@code disks}: each image file's path, size and modification time at the end of the save.
 *       The guest's disks must not be written between the save and the restore (the saved RAM holds
 *       the guest's caches of them); a restore refuses an image whose size or modification time
 *       changed. Host block devices cannot be checked this way and are listed only;</li>
 *   <li>{@code ram}: where the guest's RAM is: in the stream, or (a template VM's save) in the RAM
 *       file beside the state file ({@link #ramFile}), which each restore maps privately.</li>
 * </ul>
 * The rest of the header is zero bytes. The header is written last, after QEMU has finished the
 * stream, so a file whose header is zero is an incomplete save.
 */
public final class VmStateFile {
    /** The first line of a state file. */
    public static final String MAGIC = "JQEMU-VM-STATE 2";
    /** The size of the header; QEMU's stream starts at this offset. */
    public static final int HEADER_BYTES = 64 * 1024;
    private static final String MAGIC_PREFIX = "JQEMU-VM-STATE ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SHAPING_OPTIONS = Map.of("-machine", "machineType",
            "-accel", "accelerator", "-cpu", "cpu", "-m", "memoryMib", "-smp", "cpu", "-device", "devices");

    private VmStateFile() {
    }

    /**
     * The header of a state file.
     *
     * @param vm      the name of the VM saved
     * @param savedAt when the save ended
     * @param machine the fingerprint: the hardware-shaping options of the VM's command line
     * @param disks   the disks as they were at the end of the save
     * @param ram     where the saved guest's RAM is
     */
    public record Header(String vm, Instant savedAt, List<Shape> machine, List<DiskStamp> disks, SavedRam ram) {
        /** Copies the lists. */
        public Header {
            Objects.requireNonNull(vm);
            Objects.requireNonNull(savedAt);
            Objects.requireNonNull(ram);
            machine = List.copyOf(machine);
            disks = List.copyOf(disks);
        }
    }

    /**
     * One hardware-shaping option of a saved machine.
     *
     * @param field  the model field it comes from, e.g. {@code memoryMib} or {@code nics[0]}
     *               ({@code spareRootPorts} for a PCIe root port, {@code devices} for a device the
     *               model does not name, e.g. one from {@code unsafeExtraArgs})
     * @param key    what it is compared by: the option, or {@code -device <id>}
     * @param option the option, e.g. {@code -m}
     * @param value  its value as rendered (a user-mode NIC's {@code mac} left out)
     */
    public record Shape(String field, String key, String option, String value) {
        /** Requires every part. */
        public Shape {
            Objects.requireNonNull(field);
            Objects.requireNonNull(key);
            Objects.requireNonNull(option);
            Objects.requireNonNull(value);
        }
    }

    /**
     * Where a saved guest's RAM is.
     *
     * @param file    the name of the RAM file beside the state file (a template VM's save), or empty
     *                when the RAM is in the stream
     * @param bytes   the guest's RAM size
     * @param backend whether the saved VM had its RAM in the memory backend {@value GuestRam#ID}
     *                (templates and VMs restored from them), which the restored VM must have too
     */
    public record SavedRam(Optional<String> file, long bytes, boolean backend) {
        /** Requires the file (possibly empty); a RAM file is always in a backend. */
        public SavedRam {
            Objects.requireNonNull(file);
            if (file.isPresent() && !backend) {
                throw new IllegalArgumentException("a RAM file is a memory backend");
            }
        }

        /** How a VM restoring this state must render its RAM, for the state file {@code stateFile}. */
        Optional<GuestRam> restoredAs(Path stateFile) {
            if (file.isPresent()) {
                return Optional.of(GuestRam.inFile(sibling(stateFile, file.get()).toString(), false));
            }
            return backend ? Optional.of(GuestRam.anonymous()) : Optional.empty();
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

    /** The RAM file of a template VM's state saved in {@code stateFile}: {@code <stateFile>.ram} beside it. */
    public static Path ramFile(Path stateFile) {
        return sibling(stateFile, stateFile.getFileName() + ".ram");
    }

    private static Path sibling(Path stateFile, String name) {
        Path dir = stateFile.toAbsolutePath().getParent();
        return dir.resolve(name);
    }

    /**
     * The hardware-shaping options of {@code argv}, rendered for {@code machine}, each with its field,
     * in order. The MAC address of a NIC on a user-mode ({@code -netdev type=user}) back-end is left
     * out: its traffic never leaves the VM's own slirp stack, so VMs restored from one state may each
     * get their own. Every other MAC is part of the fingerprint (a tap NIC's MAC is seen on the host's
     * network, and a restored NIC keeps the saved one: QEMU migrates it).
     */
    static List<Shape> fingerprint(Machine machine, List<String> argv) {
        Map<String, String> fields = new HashMap<>();
        machine.placedDevices().forEach(p -> fields.put(p.id(), p.path()));
        Set<String> userNetdevs = userNetdevs(argv);
        List<Shape> out = new ArrayList<>();
        for (int i = 1; i + 1 < argv.size(); i++) {
            String option = argv.get(i);
            String field = SHAPING_OPTIONS.get(option);
            if (field == null) {
                continue;
            }
            String value = argv.get(++i);
            if (!option.equals("-device")) {
                out.add(new Shape(field, option, option, value));
                continue;
            }
            ObjectNode device = jsonObject(value);
            if (device == null || !device.hasNonNull("id")) {
                out.add(new Shape(field, option + " " + value, option, value));
                continue;
            }
            String id = device.get("id").asText();
            if (device.hasNonNull("netdev") && userNetdevs.contains(device.get("netdev").asText())) {
                device.remove("mac");
                value = device.toString();
            }
            String deviceField = fields.getOrDefault(id, id.matches("rp[0-9]+") ? "spareRootPorts" : field);
            out.add(new Shape(deviceField, option + " " + id, option, value));
        }
        return out;
    }

    private static Set<String> userNetdevs(List<String> argv) {
        Set<String> ids = new HashSet<>();
        for (int i = 1; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("-netdev")) {
                ObjectNode netdev = jsonObject(argv.get(++i));
                if (netdev != null && "user".equals(netdev.path("type").asText()) && netdev.hasNonNull("id")) {
                    ids.add(netdev.get("id").asText());
                }
            }
        }
        return ids;
    }

    private static ObjectNode jsonObject(String value) {
        if (!value.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(value) instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
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
        header.machine().forEach(m -> machine.addObject().put("field", m.field()).put("key", m.key())
                .put("option", m.option()).put("value", m.value()));
        ArrayNode disks = json.putArray("disks");
        for (DiskStamp d : header.disks()) {
            disks.addObject().put("field", d.field()).put("path", d.path()).put("imageFile", d.imageFile())
                    .put("size", d.size()).put("modifiedNanos", d.modifiedNanos());
        }
        ObjectNode ram = json.putObject("ram").put("bytes", header.ram().bytes()).put("backend", header.ram().backend());
        header.ram().file().ifPresent(f -> ram.put("file", f));
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
        if (lines[0].startsWith(MAGIC_PREFIX) && !lines[0].equals(MAGIC)) {
            throw new StateMismatchException(file + " was saved by another version of jqemu (" + lines[0]
                    + "; this one reads " + MAGIC + "): save the VM's state again");
        }
        if (lines.length < 2 || !lines[0].equals(MAGIC)) {
            throw new StateMismatchException(file + " is not a jqemu state file (it does not start with " + MAGIC + ")");
        }
        try {
            JsonNode json = JSON.readTree(lines[1]);
            List<Shape> machine = new ArrayList<>();
            json.get("machine").forEach(n -> machine.add(new Shape(n.get("field").asText(), n.get("key").asText(),
                    n.get("option").asText(), n.get("value").asText())));
            List<DiskStamp> disks = new ArrayList<>();
            json.get("disks").forEach(n -> disks.add(new DiskStamp(n.get("field").asText(), n.get("path").asText(),
                    n.get("imageFile").asBoolean(), n.get("size").asLong(), n.get("modifiedNanos").asLong())));
            JsonNode ram = json.get("ram");
            SavedRam savedRam = new SavedRam(Optional.ofNullable(ram.get("file")).map(JsonNode::asText),
                    ram.get("bytes").asLong(), ram.get("backend").asBoolean());
            return new Header(json.get("vm").asText(), Instant.parse(json.get("savedAt").asText()), machine, disks,
                    savedRam);
        } catch (IOException | RuntimeException e) {
            throw new StateMismatchException(file + " has a damaged header: " + e.getMessage());
        }
    }

    /**
     * Checks that the state {@code saved}, read from {@code file}, can be restored into
     * {@code machine} rendered as {@code argv} (with {@link SavedRam#restoredAs}), whose disks are now
     * as {@code disks} says.
     *
     * @throws StateMismatchException naming every field that differs, or the first disk or RAM file problem
     */
    static void verify(Path file, Header saved, Machine machine, List<String> argv, List<DiskStamp> disks) {
        List<String> differences = differences(saved.machine(), fingerprint(machine, argv));
        if (!differences.isEmpty()) {
            throw new StateMismatchException("cannot restore " + file + " into VM " + machine.name()
                    + ": the machine differs from the one saved (VM " + saved.vm() + ") in what shapes the guest's"
                    + " hardware: " + String.join("; ", differences));
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
        if (saved.ram().file().isPresent()) {
            Path ram = sibling(file, saved.ram().file().get());
            long size;
            try {
                size = Files.isRegularFile(ram, LinkOption.NOFOLLOW_LINKS) ? Files.size(ram) : -1;
            } catch (IOException e) {
                size = -1;
            }
            if (size != saved.ram().bytes()) {
                throw new StateMismatchException("cannot restore " + file + ": the guest's RAM was saved in " + ram
                        + (size < 0 ? ", which is missing or not a regular file" : ", which now has " + size
                        + " bytes instead of " + saved.ram().bytes()) + "; a state file and its RAM file go together");
            }
        }
    }

    /** Each field whose hardware-shaping option differs, with both values. */
    static List<String> differences(List<Shape> saved, List<Shape> now) {
        Map<String, Shape> current = new LinkedHashMap<>();
        now.forEach(s -> current.put(s.key(), s));
        List<String> out = new ArrayList<>();
        for (Shape then : saved) {
            Shape shape = current.remove(then.key());
            if (shape == null) {
                out.add(then.field() + ": saved with " + then.option() + " " + then.value() + ", now absent");
            } else if (!shape.value().equals(then.value())) {
                out.add(describe(then, shape));
            }
        }
        current.values().forEach(s -> out.add(s.field() + ": not in the saved machine (" + s.option() + " "
                + s.value() + ")"));
        return out;
    }

    private static String describe(Shape then, Shape now) {
        ObjectNode before = jsonObject(then.value());
        ObjectNode after = jsonObject(now.value());
        if (before == null || after == null) {
            return now.field() + ": saved with " + then.option() + " " + then.value() + ", now " + now.option() + " "
                    + now.value();
        }
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            JsonNode a = before.get(name);
            JsonNode b = after.get(name);
            if (!Objects.equals(a, b)) {
                parts.add(name + " " + (a == null ? "unset" : a.toString()) + " when saved, now "
                        + (b == null ? "unset" : b.toString()));
            }
        }
        return now.field() + " (QEMU device " + after.path("id").asText() + "): " + String.join(", ", parts);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
