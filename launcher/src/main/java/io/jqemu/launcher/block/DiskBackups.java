package io.jqemu.launcher.block;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.BlockDirtyBitmapAdd;
import io.jqemu.qmp.command.BlockDirtyBitmapMerge;
import io.jqemu.qmp.command.BlockDirtyBitmapRemove;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevBackup;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.DirtyBitmap;
import io.jqemu.qmp.command.NodeImage;
import io.jqemu.qmp.command.Transaction;
import io.jqemu.qmp.command.VoidCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full and incremental backups of a running VM's disks into qcow2 files, with persistent dirty
 * bitmaps on the disks' qcow2 images, and restores of a recorded chain into a new image.
 *
 * <p>Each backup starts, in one {@code transaction}, a new persistent bitmap and the
 * {@code blockdev-backup} job ({@code sync=full}, or {@code sync=incremental} with the bitmap of the
 * backup before): the new bitmap records every write after the backup's point in time. When the job
 * succeeds, the older bitmap is removed and the backup recorded; when it fails or is cancelled, the
 * new bitmap is merged into the older one and removed, so no write is lost for the next backup, and
 * the half-written file is deleted. A bitmap that is gone or inconsistent (QEMU was killed, the image
 * was changed outside) makes the next backup full, and the result says why.
 */
public final class DiskBackups {
    private static final Logger LOG = LoggerFactory.getLogger(DiskBackups.class);
    private static final AtomicLong NODES = new AtomicLong();
    private static final Executor WORK = task -> Thread.ofVirtual().name("jqemu-backup").start(task);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")
            .withZone(ZoneOffset.UTC);
    /** Prefix of the dirty bitmaps jqemu keeps on a disk's image. */
    public static final String BITMAP_PREFIX = "jqemu-backup-";

    private final QmpClient qmp;
    private final Path stateDir;
    private final BlockJobs jobs;
    private final Supplier<QemuImg> qemuImg;

    /**
     * The backups of one running VM ({@link io.jqemu.launcher.RunningVm#backups()} gives it).
     *
     * @param qmp the VM's monitor
     * @param stateDir the VM's state directory
     * @param jobs the VM's jobs
     * @param qemuImg the qemu-img to create the backup files with, looked up when the first backup starts
     */
    public DiskBackups(QmpClient qmp, Path stateDir, BlockJobs jobs, Supplier<QemuImg> qemuImg) {
        this.qmp = qmp;
        this.stateDir = stateDir;
        this.jobs = jobs;
        this.qemuImg = qemuImg;
    }

    /** The default directory of a disk's backups: {@code backups/<disk id>} in the VM's state directory. */
    public Path defaultDirectory(String diskId) {
        return stateDir.resolve("backups").resolve(diskId);
    }

    /**
     * Starts a backup of a disk.
     *
     * @param diskId the disk's id
     * @param full a full backup even when an incremental one is possible
     * @param directory where the backup file goes (created 0700 when missing); default {@link #defaultDirectory}
     * @param speed a rate limit in bytes per second, or empty for none
     * @return the job, and the recorded backup once it has succeeded
     * @throws LauncherException when the disk is unknown or the backup file cannot be made (nothing changed)
     * @throws BlockJobException when QEMU refuses to start the backup
     */
    public BlockOperation<BackupResult> start(String diskId, boolean full, Optional<Path> directory, OptionalLong speed) {
        String node = BlockGraph.topNode(qmp, diskId);
        NodeImage image = BlockGraph.image(qmp, node);
        boolean bitmaps = image.driver().equals("qcow2");
        BackupChain chain = BackupChain.load(stateDir, diskId);
        Optional<String> fullBecause = full ? Optional.empty() : whyFull(diskId, image, chain);
        boolean incremental = !full && fullBecause.isEmpty();
        Path dir = directory.orElse(defaultDirectory(diskId)).toAbsolutePath();
        ensureDirectory(dir);
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + (incremental ? "-inc" : "-full");
        Path target = dir.resolve(diskId + "-" + id + ".qcow2");
        Optional<Backup> previous = chain.last();
        qemuImg.get().createOverlay(target, OptionalLong.of(image.virtualSize()),
                incremental ? previous.map(Backup::file) : Optional.empty(), "qcow2");
        String targetNode = "jqb-" + NODES.incrementAndGet();
        try {
            ObjectNode options = ChainFile.JSON.createObjectNode().put("driver", "qcow2").put("node-name", targetNode);
            options.putObject("file").put("driver", "file").put("filename", target.toString());
            options.putNull("backing");
            qmp.send(new BlockdevAdd(options));
        } catch (RuntimeException e) {
            QemuImg.deleteQuietly(target);
            throw e;
        }
        String newBitmap = BITMAP_PREFIX + id;
        Optional<String> oldBitmap = incremental ? previous.map(Backup::bitmap) : Optional.empty();
        BlockJob job;
        try {
            job = jobs.start("backup", jobId -> {
                List<VoidCommand> actions = new ArrayList<>();
                if (bitmaps) {
                    actions.add(new BlockDirtyBitmapAdd(node, newBitmap, true));
                }
                actions.add(new BlockdevBackup(jobId, node, targetNode, incremental ? "incremental" : "full",
                        oldBitmap, speed));
                return new Transaction(actions);
            });
        } catch (RuntimeException e) {
            removeTarget(targetNode, target);
            throw e;
        }
        Backup backup = new Backup(id, !incremental, now, target.toString(), bitmaps ? newBitmap : "");
        CompletableFuture<BackupResult> result = job.done().handleAsync((done, failure) -> {
            if (failure != null) {
                keepChanges(node, bitmaps ? Optional.of(newBitmap) : Optional.empty(), oldBitmap);
                removeTarget(targetNode, target);
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            removeTarget(targetNode, Optional.empty());
            if (bitmaps) {
                removeOlderBitmaps(node, newBitmap);
            }
            BackupChain.load(stateDir, diskId).plus(backup).save(stateDir);
            LOG.info("disk {}: backup {} recorded ({})", diskId, id, target);
            return new BackupResult(backup, fullBecause);
        }, WORK);
        return new BlockOperation<>(job, result);
    }

    private Optional<String> whyFull(String diskId, NodeImage image, BackupChain chain) {
        if (!image.driver().equals("qcow2")) {
            return Optional.of("the image " + image.file() + " is " + image.driver() + ", which cannot keep a"
                    + " persistent dirty bitmap: only full backups of disk " + diskId);
        }
        Optional<Backup> last = chain.last();
        if (last.isEmpty()) {
            return Optional.of("disk " + diskId + " has no earlier backup");
        }
        String name = last.get().bitmap();
        Optional<DirtyBitmap> bitmap = image.dirtyBitmaps().stream().filter(b -> b.name().equals(name)).findFirst();
        if (bitmap.isEmpty() && qmp.send(new io.jqemu.qmp.command.QueryNodeImages()).stream()
                .anyMatch(n -> n.dirtyBitmaps().stream().anyMatch(b -> b.name().equals(name)))) {
            return Optional.of("disk " + diskId + " writes to " + image.file() + " since a snapshot or commit, and the"
                    + " dirty bitmap " + name + " of backup " + last.get().id() + " stayed on the image below");
        }
        if (bitmap.isEmpty()) {
            return Optional.of("the dirty bitmap " + name + " that records the writes since backup " + last.get().id()
                    + " is missing from " + image.file() + " (QEMU did not close the image cleanly, or it was"
                    + " changed outside jqemu)");
        }
        if (bitmap.get().inconsistent()) {
            return Optional.of("the dirty bitmap " + name + " on " + image.file() + " is inconsistent (QEMU did not"
                    + " close the image cleanly)");
        }
        return Optional.empty();
    }

    /** After a failed backup: the new bitmap's writes go back into the older one, so the next backup has them. */
    private void keepChanges(String node, Optional<String> newBitmap, Optional<String> oldBitmap) {
        if (newBitmap.isEmpty() || !qmp.isOpen()) {
            return;
        }
        try {
            if (oldBitmap.isPresent()) {
                qmp.send(new BlockDirtyBitmapMerge(node, oldBitmap.get(), List.of(newBitmap.get())));
            }
            qmp.send(new BlockDirtyBitmapRemove(node, newBitmap.get()));
        } catch (RuntimeException e) {
            LOG.warn("after a failed backup, bitmap {}: {}; the next backup of this disk will be full",
                    newBitmap.get(), e.getMessage());
        }
    }

    private void removeOlderBitmaps(String node, String keep) {
        for (DirtyBitmap b : BlockGraph.image(qmp, node).dirtyBitmaps()) {
            if (b.name().startsWith(BITMAP_PREFIX) && !b.name().equals(keep)) {
                try {
                    qmp.send(new BlockDirtyBitmapRemove(node, b.name()));
                } catch (RuntimeException e) {
                    LOG.warn("cannot remove the old dirty bitmap {}: {}", b.name(), e.getMessage());
                }
            }
        }
    }

    private void removeTarget(String targetNode, Path target) {
        removeTarget(targetNode, Optional.of(target));
    }

    private void removeTarget(String targetNode, Optional<Path> target) {
        if (qmp.isOpen()) {
            try {
                qmp.send(new BlockdevDel(targetNode));
            } catch (RuntimeException e) {
                LOG.debug("removing backup node {}: {}", targetNode, e.getMessage());
            }
        }
        target.ifPresent(QemuImg::deleteQuietly);
    }

    private static void ensureDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new LauncherException("backup directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores a recorded backup of a disk into a new image: the incremental backups of its chain are
     * pointed at the backup before each ({@code qemu-img rebase -u}), then the chain is written into
     * {@code target} ({@code qemu-img convert}). The VM may be running or not; its disk is untouched.
     *
     * @param stateDir the VM's state directory
     * @param diskId the disk's id
     * @param backupId the backup to restore; default the newest
     * @param target the new image (never overwritten)
     * @param format its format ({@code qcow2} or {@code raw})
     * @param qemuImg the qemu-img to run
     * @return the backups that were read, full one first
     * @throws LauncherException when there is no such backup, the target exists or qemu-img fails
     */
    public static List<Backup> restore(Path stateDir, String diskId, Optional<String> backupId, Path target, String format,
                                       QemuImg qemuImg) {
        if (!format.equals("qcow2") && !format.equals("raw")) {
            throw new LauncherException("restore format: '" + format + "' is neither qcow2 nor raw");
        }
        BackupChain chain = BackupChain.load(stateDir, diskId);
        String id = backupId.or(() -> chain.last().map(Backup::id))
                .orElseThrow(() -> new LauncherException("disk " + diskId + " has no backups"));
        List<Backup> read = chain.restoreChain(id);
        if (Files.exists(target)) {
            throw new LauncherException("restore target: " + target + " already exists; jqemu never overwrites an image");
        }
        for (int i = 1; i < read.size(); i++) {
            qemuImg.rebaseUnsafe(Path.of(read.get(i).file()), Path.of(read.get(i - 1).file()), "qcow2");
        }
        qemuImg.convert(Path.of(read.get(read.size() - 1).file()), target, format);
        LOG.info("disk {}: backup {} restored into {}", diskId, id, target);
        return read;
    }
}
