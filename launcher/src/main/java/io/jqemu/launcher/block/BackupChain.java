package io.jqemu.launcher.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.launcher.LauncherException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The completed backups of a disk, oldest first, as recorded in the VM's state directory
 * ({@code backups-<disk id>.json}, replaced atomically). A backup is recorded only once its job has
 * succeeded: one that failed, was cancelled or whose QEMU died is never listed.
 *
 * @param diskId the disk's id
 * @param backups the backups, oldest first
 */
public record BackupChain(String diskId, List<Backup> backups) {
    /** Copies the list. */
    public BackupChain {
        backups = List.copyOf(backups);
    }

    /** {@return the newest backup} */
    public Optional<Backup> last() {
        return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(backups.size() - 1));
    }

    /**
     * The backups a restore of {@code id} reads: the newest full backup at or before it and the
     * incremental ones after it, up to {@code id}.
     *
     * @throws LauncherException when there is no such backup
     */
    public List<Backup> restoreChain(String id) {
        int end = -1;
        for (int i = 0; i < backups.size(); i++) {
            if (backups.get(i).id().equals(id)) {
                end = i;
            }
        }
        if (end < 0) {
            throw new LauncherException("disk " + diskId + " has no backup '" + id + "' (its backups: "
                    + backups.stream().map(Backup::id).toList() + ")");
        }
        int start = end;
        while (!backups.get(start).full()) {
            start--;
        }
        return backups.subList(start, end + 1);
    }

    BackupChain plus(Backup b) {
        List<Backup> all = new ArrayList<>(backups);
        all.add(b);
        return new BackupChain(diskId, all);
    }

    static Path file(Path stateDir, String diskId) {
        return stateDir.resolve("backups-" + diskId + ".json");
    }

    /**
     * The recorded backups of a disk.
     *
     * @param stateDir the VM's state directory
     * @param diskId the disk's id
     * @return the chain (empty when the disk was never backed up)
     */
    public static BackupChain load(Path stateDir, String diskId) {
        return ChainFile.read(file(stateDir, diskId)).map(BackupChain::fromJson).orElse(new BackupChain(diskId, List.of()));
    }

    void save(Path stateDir) {
        ObjectNode n = ChainFile.JSON.createObjectNode().put("disk", diskId);
        var list = n.putArray("backups");
        for (Backup b : backups) {
            list.addObject().put("id", b.id()).put("full", b.full()).put("created", b.created().toString())
                    .put("file", b.file()).put("bitmap", b.bitmap());
        }
        ChainFile.write(file(stateDir, diskId), n);
    }

    private static BackupChain fromJson(JsonNode n) {
        List<Backup> list = new ArrayList<>();
        for (JsonNode b : n.path("backups")) {
            list.add(new Backup(b.path("id").asText(), b.path("full").asBoolean(), Instant.parse(b.path("created").asText()),
                    b.path("file").asText(), b.path("bitmap").asText()));
        }
        return new BackupChain(n.path("disk").asText(), list);
    }
}
