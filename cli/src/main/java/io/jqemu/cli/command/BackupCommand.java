package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.vm.JobProgressPrinter;
import io.jqemu.cli.vm.VmChannel;
import io.jqemu.launcher.block.Backup;
import io.jqemu.launcher.block.BackupChain;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jqemu backup NAME [--full] [--disk ID] [--to DIR]}: back up a running VM's disk. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up a running VM's disk into a qcow2 file, showing progress: incremental (only what "
                + "changed since the last backup, tracked by a persistent dirty bitmap on the disk's qcow2 image) "
                + "when possible, else full, saying why (no earlier backup, a raw image, a bitmap lost because QEMU "
                + "did not shut down cleanly or the image changed outside). A backup counts only once complete.",
                "--list shows the recorded backups; jqemu restore writes one into a new image."})
public final class BackupCommand extends VmCommand implements Callable<Integer> {

    @Option(names = "--full", description = "A full backup even when an incremental one is possible.")
    boolean full;

    @Option(names = "--disk", paramLabel = "ID", defaultValue = "disk0", description = "The disk's id (default disk0).")
    String disk;

    @Option(names = "--to", paramLabel = "DIR",
            description = "Where the backup file goes (default: backups/ID in the VM's state directory).")
    Path to;

    @Option(names = "--speed", paramLabel = "BYTES", description = "Limit the backup to BYTES per second.")
    long speed;

    @Option(names = "--list", description = "List the disk's recorded backups instead (the VM may be stopped).")
    boolean list;

    @Override
    public Integer call() {
        if (list) {
            for (Backup b : BackupChain.load(BlockCommands.stateDir(global, name), disk).backups()) {
                say(String.format(Locale.ROOT, "%-26s %-11s %s", b.id(), b.full() ? "full" : "incremental", b.file()));
            }
            return 0;
        }
        ObjectNode request = VmChannel.request("backup").put("disk", disk).put("full", full).put("speed", speed);
        if (to != null) {
            request.put("to", to.toAbsolutePath().toString());
        }
        JsonNode r;
        try (JobProgressPrinter progress = new JobProgressPrinter("backup " + disk, spec.commandLine().getErr())) {
            r = new VmChannel(global.layout()).send(name, request, progress);
        }
        if (r.has("full_because") && !full) {
            spec.commandLine().getErr().println("jqemu: " + name + ": " + disk + ": full backup: "
                    + r.path("full_because").asText());
            spec.commandLine().getErr().flush();
        }
        say(name + ": " + disk + ": " + (r.path("full").asBoolean() ? "full" : "incremental") + " backup "
                + r.path("id").asText() + " in " + r.path("file").asText());
        return 0;
    }
}
