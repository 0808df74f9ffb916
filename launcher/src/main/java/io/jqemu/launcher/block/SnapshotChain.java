package io.jqemu.launcher.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.launcher.LauncherException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A disk's external snapshots, oldest first, as recorded in the VM's state directory
 * ({@code snapshots-<disk id>.json}). The disk writes to the last snapshot's overlay (its
 * {@link #activeImage()}); a launch opens that image, its backing chain below it.
 *
 * @param diskId the disk's id
 * @param baseImage the disk's own image (its {@code path} in the machine)
 * @param baseFormat that image's format
 * @param snapshots the snapshots, oldest first
 */
public record SnapshotChain(String diskId, String baseImage, String baseFormat, List<Snapshot> snapshots) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    /** Copies the list. */
    public SnapshotChain {
        snapshots = List.copyOf(snapshots);
    }

    /** {@return the image the disk writes to: the newest overlay, or the base image without snapshots} */
    public String activeImage() {
        return snapshots.isEmpty() ? baseImage : snapshots.get(snapshots.size() - 1).overlay();
    }

    /** {@return the active image's format: qcow2 once there is a snapshot} */
    public String activeFormat() {
        return snapshots.isEmpty() ? baseFormat : "qcow2";
    }

    /** {@return the snapshot called {@code name}} */
    public Optional<Snapshot> find(String name) {
        return snapshots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** {@return the position of {@code name}, or an error listing the snapshots} */
    int indexOf(String name) {
        for (int i = 0; i < snapshots.size(); i++) {
            if (snapshots.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new LauncherException("disk " + diskId + " has no snapshot '" + name + "' (its snapshots: "
                + snapshots.stream().map(Snapshot::name).toList() + ")");
    }

    SnapshotChain with(List<Snapshot> newSnapshots) {
        return new SnapshotChain(diskId, baseImage, baseFormat, newSnapshots);
    }

    SnapshotChain plus(Snapshot s) {
        List<Snapshot> all = new ArrayList<>(snapshots);
        all.add(s);
        return with(all);
    }

    /** Refuses a snapshot name that is not 1-40 letters, digits, '.', '_' or '-', or that is taken. */
    static void checkName(SnapshotChain chain, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new LauncherException("snapshot name '" + name + "': use 1 to 40 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (chain.find(name).isPresent()) {
            throw new LauncherException("disk " + chain.diskId() + " already has a snapshot '" + name + "'");
        }
    }

    /** The record file of disk {@code diskId}. */
    static Path file(Path stateDir, String diskId) {
        return stateDir.resolve("snapshots-" + diskId + ".json");
    }

    /**
     * The recorded chain of a disk.
     *
     * @param stateDir the VM's state directory
     * @param diskId the disk's id
     * @return the chain, or empty when the disk has never had a snapshot
     */
    public static Optional<SnapshotChain> load(Path stateDir, String diskId) {
        return ChainFile.read(file(stateDir, diskId)).map(SnapshotChain::fromJson);
    }

    void save(Path stateDir) {
        ChainFile.write(file(stateDir, diskId), toJson());
    }

    private ObjectNode toJson() {
        ObjectNode n = ChainFile.JSON.createObjectNode().put("disk", diskId).put("base", baseImage)
                .put("base_format", baseFormat);
        var list = n.putArray("snapshots");
        for (Snapshot s : snapshots) {
            list.addObject().put("name", s.name()).put("created", s.created().toString()).put("image", s.image())
                    .put("image_format", s.imageFormat()).put("overlay", s.overlay())
                    .put("consistency", s.consistency().name().toLowerCase(java.util.Locale.ROOT));
        }
        return n;
    }

    private static SnapshotChain fromJson(JsonNode n) {
        List<Snapshot> list = new ArrayList<>();
        for (JsonNode s : n.path("snapshots")) {
            list.add(new Snapshot(s.path("name").asText(), Instant.parse(s.path("created").asText()),
                    s.path("image").asText(), s.path("image_format").asText(), s.path("overlay").asText(),
                    SnapshotConsistency.valueOf(s.path("consistency").asText().toUpperCase(java.util.Locale.ROOT))));
        }
        return new SnapshotChain(n.path("disk").asText(), n.path("base").asText(), n.path("base_format").asText(), list);
    }
}
