package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.vm.JobProgressPrinter;
import io.jqemu.cli.vm.VmChannel;
import io.jqemu.launcher.block.DiskSnapshots;
import io.jqemu.launcher.block.Snapshot;
import io.jqemu.launcher.block.SnapshotChain;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jqemu snapshot NAME create|list|commit|revert [SNAPSHOT]}: external disk snapshots. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"External snapshots of a VM's disk (one --disk, default disk0).",
                "create SNAPSHOT: while the VM runs, freeze the disk's current image and send its writes to a new "
                        + "qcow2 overlay (crash-consistent; --consistency application has the guest agent freeze the "
                        + "guest's file systems around it, and thaw them whatever happens).",
                "list: the disk's snapshots, oldest first, and the image it writes to.",
                "commit [SNAPSHOT]: while the VM runs, merge the overlays back into the snapshot's image (default the "
                        + "oldest, i.e. the disk's own image), showing progress; the merged snapshots and their overlay "
                        + "files are removed.",
                "revert SNAPSHOT: while the VM is stopped, return the disk to the snapshot: writes made since and every "
                        + "later snapshot are discarded (their overlay files deleted); the snapshot stays."})
public final class SnapshotCommand extends VmCommand implements Callable<Integer> {

    @Parameters(index = "1", paramLabel = "ACTION", description = "create, list, commit or revert.")
    String action;

    @Parameters(index = "2", arity = "0..1", paramLabel = "SNAPSHOT",
            description = "The snapshot's name: letters, digits, '.', '_', '-'.")
    String snapshot;

    @Option(names = "--disk", paramLabel = "ID", defaultValue = "disk0", description = "The disk's id (default disk0).")
    String disk;

    @Option(names = "--consistency", paramLabel = "KIND", defaultValue = "crash",
            description = "create: crash (default) or application (needs [guest_agent] and qemu-ga in the guest).")
    String consistency;

    @Option(names = "--overlay", paramLabel = "PATH",
            description = "create: the new overlay's path (default: the disk's image path + .SNAPSHOT.qcow2).")
    Path overlay;

    @Override
    public Integer call() {
        return switch (action) {
            case "create" -> create();
            case "list" -> list();
            case "commit" -> commit();
            case "revert" -> revert();
            default -> throw new CommandFailedException(ExitCode.USAGE, "ACTION: '" + action
                    + "' is not one of create, list, commit, revert");
        };
    }

    private int create() {
        String consistencyValue = consistency.toLowerCase(Locale.ROOT);
        if (!consistencyValue.equals("crash") && !consistencyValue.equals("application")) {
            throw new CommandFailedException(ExitCode.USAGE, "--consistency: '" + consistency
                    + "' is neither crash nor application");
        }
        ObjectNode request = VmChannel.request("snapshot-create").put("disk", disk).put("name", required())
                .put("consistency", consistencyValue);
        if (overlay != null) {
            request.put("overlay", overlay.toAbsolutePath().toString());
        }
        JsonNode r = send(request);
        say(name + ": " + disk + ": snapshot " + r.path("name").asText() + " taken (" + r.path("consistency").asText()
                + (r.has("frozen_file_systems") ? ", " + r.path("frozen_file_systems").asInt()
                        + " file systems frozen and thawed" : "") + "); writes go to " + r.path("overlay").asText());
        return 0;
    }

    private int list() {
        Optional<SnapshotChain> chain = SnapshotChain.load(BlockCommands.stateDir(global, name), disk);
        if (chain.isEmpty() || chain.get().snapshots().isEmpty()) {
            say(name + ": " + disk + " has no snapshots");
            return 0;
        }
        say(String.format(Locale.ROOT, "%-20s %-24s %-11s %s", "SNAPSHOT", "CREATED", "CONSISTENCY", "IMAGE"));
        for (Snapshot s : chain.get().snapshots()) {
            say(String.format(Locale.ROOT, "%-20s %-24s %-11s %s", s.name(), s.created(),
                    s.consistency().name().toLowerCase(Locale.ROOT), s.image()));
        }
        say("writes go to " + chain.get().activeImage());
        return 0;
    }

    private int commit() {
        ObjectNode request = VmChannel.request("snapshot-commit").put("disk", disk);
        if (snapshot != null) {
            request.put("into", snapshot);
        }
        JsonNode r;
        try (JobProgressPrinter progress = new JobProgressPrinter("commit " + disk, spec.commandLine().getErr())) {
            r = new VmChannel(global.layout()).send(name, request, progress);
        }
        say(name + ": " + disk + ": committed; writes go to " + r.path("active_image").asText());
        return 0;
    }

    private int revert() {
        SnapshotChain chain = DiskSnapshots.revert(BlockCommands.stateDir(global, name), disk, required(),
                BlockCommands.qemuImg());
        say(name + ": " + disk + ": reverted to snapshot " + snapshot + "; the next start writes to "
                + chain.activeImage());
        return 0;
    }

    private String required() {
        if (snapshot == null) {
            throw new CommandFailedException(ExitCode.USAGE, "SNAPSHOT: " + action + " needs the snapshot's name");
        }
        return snapshot;
    }
}
