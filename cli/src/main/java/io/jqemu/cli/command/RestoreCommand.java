package io.jqemu.cli.command;

import io.jqemu.launcher.block.Backup;
import io.jqemu.launcher.block.DiskBackups;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jqemu restore NAME --to FILE [--disk ID] [--backup ID] [--format F]}: a backup into a new image. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Write a recorded backup of a VM's disk into a new image (never over an existing file): the "
                + "newest full backup before it and the incremental ones up to it are chained (qemu-img rebase) and "
                + "converted into FILE. The VM's own disk is not touched; point the disk's path at FILE to use it."})
public final class RestoreCommand extends VmCommand implements Callable<Integer> {

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The new image.")
    Path to;

    @Option(names = "--disk", paramLabel = "ID", defaultValue = "disk0", description = "The disk's id (default disk0).")
    String disk;

    @Option(names = "--backup", paramLabel = "ID", description = "The backup to restore (default the newest; "
            + "jqemu backup NAME --list shows them).")
    String backup;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "qcow2", description = "qcow2 (default) or raw.")
    String format;

    @Override
    public Integer call() {
        List<Backup> read = DiskBackups.restore(BlockCommands.stateDir(global, name), disk, Optional.ofNullable(backup),
                to.toAbsolutePath(), format, BlockCommands.qemuImg());
        say(name + ": " + disk + ": backup " + read.get(read.size() - 1).id() + " restored into " + to.toAbsolutePath()
                + " (from " + read.size() + " backup file" + (read.size() == 1 ? "" : "s") + ")");
        return 0;
    }
}
