package io.jqemu.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.PlanStep;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.vm.VmLock;
import io.jqemu.launcher.vm.VmRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a later controller needs to take over a hot-plugged device whose host changes live in their
 * own journal (the state directory {@code <vm>.<device id>} next to the VM's): the device's id,
 * field, root port and the QMP steps that added it, so that it can be unplugged and its back-ends
 * removed. Written into that directory ({@value #FILE}, mode 0600) once the device is plugged.
 *
 * @param plan the device's plan (its descriptor-passing steps left out: they leave nothing to remove)
 */
record HotplugRecord(DevicePlan plan) {
    /** The record's file in the device's state directory. */
    static final String FILE = "hotplug.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The state directory of device {@code deviceId} of the VM whose state directory is {@code vmStateDir}. */
    static Path deviceStateDir(Path vmStateDir, String deviceId) {
        return vmStateDir.resolveSibling(vmStateDir.getFileName() + "." + deviceId);
    }

    /**
     * The state directories of hot-plugged devices of the VM in {@code vmStateDir}: its siblings named
     * {@code <vm>.<id>} that are no VM's (no controller lock, no VM record) and hold a journal or a record.
     */
    static List<Path> deviceStateDirs(Path vmStateDir) {
        String prefix = vmStateDir.getFileName() + ".";
        try (Stream<Path> siblings = Files.list(vmStateDir.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !Files.exists(p.resolve(VmLock.FILE_NAME)) && VmRecord.readFrom(p).isEmpty())
                    .filter(p -> Files.exists(p.resolve(FILE)) || Files.exists(p.resolve(UndoJournal.FILE_NAME)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + vmStateDir.getParent(), e);
        }
    }

    /** The device id a device state directory of the VM in {@code vmStateDir} stands for. */
    static String deviceId(Path vmStateDir, Path deviceStateDir) {
        return deviceStateDir.getFileName().toString().substring(vmStateDir.getFileName().toString().length() + 1);
    }

    /** Writes the record into {@code dir} (atomically, mode 0600). */
    void writeTo(Path dir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", plan.deviceId());
        root.put("field", plan.fieldPath());
        plan.rootPort().ifPresent(p -> root.put("root_port", p));
        ArrayNode steps = root.putArray("steps");
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.AddBlockNode b -> steps.addObject().put("kind", "blockdev").put("id", b.nodeName())
                        .set("options", b.options());
                case PlanStep.AddNetdev n -> steps.addObject().put("kind", "netdev").put("id", n.id())
                        .put("type", n.type()).set("options", n.options());
                case PlanStep.AddObject o -> steps.addObject().put("kind", "object").put("id", o.id())
                        .put("type", o.qomType()).set("options", o.options());
                case PlanStep.AddDevice d -> steps.addObject().put("kind", "device").put("id", d.id())
                        .put("type", d.driver()).set("options", d.options());
                case PlanStep.PassMacvtapFds f -> { }
                case PlanStep.CommandLineOption c -> { }
            }
        }
        Path file = dir.resolve(FILE);
        Path partial = dir.resolve(FILE + ".partial");
        try {
            Files.deleteIfExists(partial);
            Files.writeString(partial, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The record in {@code dir}, when there is a readable one. */
    static Optional<HotplugRecord> readFrom(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            List<PlanStep> steps = new ArrayList<>();
            for (JsonNode s : root.path("steps")) {
                String id = s.path("id").asText();
                ObjectNode options = s.path("options").isObject() ? (ObjectNode) s.get("options")
                        : JSON.createObjectNode();
                steps.add(switch (s.path("kind").asText()) {
                    case "blockdev" -> new PlanStep.AddBlockNode(id, options);
                    case "netdev" -> new PlanStep.AddNetdev(s.path("type").asText(), id, options);
                    case "object" -> new PlanStep.AddObject(s.path("type").asText(), id, options);
                    case "device" -> new PlanStep.AddDevice(s.path("type").asText(), id, options, Optional.empty());
                    default -> throw new IOException("unknown step kind " + s.path("kind"));
                });
            }
            Optional<String> rootPort = root.hasNonNull("root_port") ? Optional.of(root.get("root_port").asText())
                    : Optional.empty();
            return Optional.of(new HotplugRecord(new DevicePlan(root.path("id").asText(), root.path("field").asText(),
                    steps, rootPort, List.of())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The plan of a device known only by its id (its journal has no record): unplugged with
     * {@code device_del}; its back-ends are not known, so they stay until the VM ends.
     */
    static DevicePlan unknownPlan(String deviceId) {
        return new DevicePlan(deviceId, deviceId, List.of(new PlanStep.AddDevice("unknown", deviceId,
                JSON.createObjectNode(), Optional.empty())), Optional.empty(), List.of());
    }

    /** Removes the record and, when nothing else is left in it, the device's state directory. */
    static void forget(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            Files.deleteIfExists(dir.resolve("runtime-dir"));
            try (Stream<Path> left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
