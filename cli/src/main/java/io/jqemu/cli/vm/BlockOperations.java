package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.block.BackupResult;
import io.jqemu.launcher.block.BlockOperation;
import io.jqemu.launcher.block.JobProgress;
import io.jqemu.launcher.block.Snapshot;
import io.jqemu.launcher.block.SnapshotChain;
import io.jqemu.launcher.block.SnapshotConsistency;
import io.jqemu.launcher.block.SnapshotTaken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The snapshot and backup requests of the management commands, on a running VM:
 * {@code {"op":"snapshot-create","disk":"disk0","name":"s1","consistency":"application","overlay":"/abs"}},
 * {@code {"op":"snapshot-commit","disk":"disk0","into":"s1"}},
 * {@code {"op":"backup","disk":"disk0","full":false,"to":"/dir","speed":0}}. Commits and backups
 * report their job's progress while they run.
 */
final class BlockOperations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPS = Set.of("snapshot-create", "snapshot-commit", "backup");
    /** How often a running job's progress is reported. */
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

    private final RunningVm vm;

    BlockOperations(RunningVm vm) {
        this.vm = vm;
    }

    static boolean handles(JsonNode request) {
        return OPS.contains(request.path("op").asText(""));
    }

    JsonNode dispatch(JsonNode request, Consumer<ObjectNode> progress) {
        String disk = request.path("disk").asText("disk0");
        return switch (request.path("op").asText()) {
            case "snapshot-create" -> created(vm.snapshots().create(disk, request.path("name").asText(),
                    SnapshotConsistency.valueOf(request.path("consistency").asText("crash").toUpperCase(Locale.ROOT)),
                    text(request, "overlay").map(Path::of)));
            case "snapshot-commit" -> committed(follow(vm.snapshots().commit(disk, text(request, "into")), progress));
            default -> backedUp(follow(vm.backups().start(disk, request.path("full").asBoolean(false),
                    text(request, "to").map(Path::of), request.path("speed").asLong(0) > 0
                            ? OptionalLong.of(request.path("speed").asLong()) : OptionalLong.empty()), progress));
        };
    }

    /** Waits for the operation, reporting its job's progress meanwhile. */
    private static <T> T follow(BlockOperation<T> operation, Consumer<ObjectNode> progress) {
        while (true) {
            try {
                T result = operation.result().get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                report(operation, progress); // the job's final progress, read when it concluded
                return result;
            } catch (TimeoutException e) {
                report(operation, progress);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new LauncherException(e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                operation.job().cancel();
                throw new LauncherException("interrupted; job " + operation.job().id() + " cancelled", e);
            }
        }
    }

    private static void report(BlockOperation<?> operation, Consumer<ObjectNode> progress) {
        try {
            JobProgress p = operation.job().progress();
            progress.accept(JSON.createObjectNode().put("job", operation.job().id()).put("status", operation.job().status())
                    .put("current", p.current()).put("total", p.total()));
        } catch (RuntimeException e) {
            // the job ended meanwhile; the result tells how
        }
    }

    private static JsonNode created(SnapshotTaken taken) {
        ObjectNode n = snapshot(taken.snapshot());
        taken.frozenFileSystems().ifPresent(v -> n.put("frozen_file_systems", v));
        taken.thawedFileSystems().ifPresent(v -> n.put("thawed_file_systems", v));
        return n;
    }

    private static JsonNode committed(SnapshotChain chain) {
        ObjectNode n = JSON.createObjectNode().put("active_image", chain.activeImage());
        chain.snapshots().forEach(s -> n.withArray("snapshots").add(snapshot(s)));
        return n;
    }

    private static JsonNode backedUp(BackupResult result) {
        ObjectNode n = JSON.createObjectNode().put("id", result.backup().id()).put("full", result.backup().full())
                .put("file", result.backup().file());
        result.fullBecause().ifPresent(r -> n.put("full_because", r));
        return n;
    }

    static ObjectNode snapshot(Snapshot s) {
        return JSON.createObjectNode().put("name", s.name()).put("created", s.created().toString())
                .put("consistency", s.consistency().name().toLowerCase(Locale.ROOT)).put("image", s.image())
                .put("overlay", s.overlay());
    }

    private static Optional<String> text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }
}
