package io.jqemu.launcher.block;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.launcher.vm.VmLock;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.BlockCommit;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.BlockdevSnapshot;
import io.jqemu.qmp.command.NodeImage;
import io.jqemu.qmp.ga.QgaClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External snapshots of a VM's disks: take one while the VM runs (a new qcow2 overlay takes the
 * disk's writes; crash-consistent, or application-consistent with the guest agent freezing the
 * guest's file systems around it), merge the overlays back live ({@code block-commit}), and, while
 * the VM is stopped, list them and revert a disk to one. The chain of each disk is recorded in the
 * VM's state directory ({@code snapshots-<disk id>.json}) and a launch opens its newest overlay.
 */
public final class DiskSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSnapshots.class);
    private static final AtomicLong NODES = new AtomicLong();
    private static final Executor WORK = task -> Thread.ofVirtual().name("jqemu-snapshot").start(task);
    /** Prefix of the overlay nodes added here (node names are at most 31 characters). */
    static final String NODE_PREFIX = "jqs-";

    private final QmpClient qmp;
    private final Path stateDir;
    private final BlockJobs jobs;
    private final Supplier<QemuImg> qemuImg;
    private final Supplier<QgaClient> guestAgent;

    /**
     * The snapshots of one running VM ({@link io.jqemu.launcher.RunningVm#snapshots()} gives it).
     *
     * @param qmp the VM's monitor
     * @param stateDir the VM's state directory
     * @param jobs the VM's jobs
     * @param qemuImg the qemu-img to create overlays with, looked up when the first snapshot is taken
     * @param guestAgent the VM's guest agent, for application-consistent snapshots
     */
    public DiskSnapshots(QmpClient qmp, Path stateDir, BlockJobs jobs, Supplier<QemuImg> qemuImg,
                         Supplier<QgaClient> guestAgent) {
        this.qmp = qmp;
        this.stateDir = stateDir;
        this.jobs = jobs;
        this.qemuImg = qemuImg;
        this.guestAgent = guestAgent;
    }

    /**
     * Takes an external snapshot of a disk: a new qcow2 overlay (never over an existing file) over
     * the image the disk writes to now ({@code blockdev-add} + {@code blockdev-snapshot}). With
     * {@link SnapshotConsistency#APPLICATION} the guest agent freezes the guest's file systems first
     * and thaws them afterwards on every path, a failed snapshot included.
     *
     * @param diskId the disk's id ({@code disk0} ...)
     * @param name the snapshot's name (letters, digits, '.', '_', '-')
     * @param consistency crash- or application-consistent
     * @param overlay where the overlay goes; default {@code <disk image>.<name>.qcow2} beside the disk's image
     * @return the snapshot and the agent's freeze and thaw counts
     * @throws LauncherException when the name, disk or overlay path is refused (nothing changed),
     *     or the snapshot failed (the overlay removed, the guest thawed; the message says why)
     */
    public SnapshotTaken create(String diskId, String name, SnapshotConsistency consistency, Optional<Path> overlay) {
        String top = BlockGraph.topNode(qmp, diskId);
        NodeImage image = BlockGraph.image(qmp, top);
        SnapshotChain chain = SnapshotChain.load(stateDir, diskId)
                .orElse(new SnapshotChain(diskId, image.file(), image.driver(), List.of()));
        if (!chain.activeImage().equals(image.file())) {
            throw new LauncherException("disk " + diskId + " writes to " + image.file() + ", but its recorded snapshot"
                    + " chain ends in " + chain.activeImage() + " (" + SnapshotChain.file(stateDir, diskId) + ")");
        }
        SnapshotChain.checkName(chain, name);
        Path file = overlay.orElse(Path.of(chain.baseImage() + "." + name + ".qcow2"));
        if (!file.isAbsolute()) {
            throw new LauncherException("snapshot overlay: " + file + " is not an absolute path");
        }
        if (Files.exists(file)) {
            throw new LauncherException("snapshot overlay: " + file + " already exists; jqemu never overwrites an image");
        }
        Optional<QgaClient> agent = consistency == SnapshotConsistency.APPLICATION
                ? Optional.of(guestAgent.get()) : Optional.empty();
        String node = NODE_PREFIX + NODES.incrementAndGet();
        OptionalInt frozen = OptionalInt.empty();
        OptionalInt thawed = OptionalInt.empty();
        RuntimeException failure = null;
        boolean created = false;
        boolean added = false;
        boolean switched = false;
        try {
            if (agent.isPresent()) {
                frozen = OptionalInt.of(agent.get().fsFreeze());
            }
            qemuImg.get().createOverlay(file, OptionalLong.of(image.virtualSize()), Optional.of(image.file()),
                    image.driver());
            created = true;
            ObjectNode options = ChainFile.JSON.createObjectNode().put("driver", "qcow2").put("node-name", node);
            options.putObject("file").put("driver", "file").put("filename", file.toString());
            options.putNull("backing");
            qmp.send(new BlockdevAdd(options));
            added = true;
            qmp.send(new BlockdevSnapshot(top, node));
            switched = true;
        } catch (RuntimeException e) {
            failure = e;
            if (added) {
                try {
                    qmp.send(new BlockdevDel(node));
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            if (created) {
                QemuImg.deleteQuietly(file);
            }
        } finally {
            if (agent.isPresent()) {
                try {
                    thawed = OptionalInt.of(agent.get().fsThaw());
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = new LauncherException("the guest agent did not thaw the guest's file systems after"
                                + " snapshot '" + name + "' (guest-fsfreeze-thaw: " + e.getMessage() + ")", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        Snapshot snapshot = new Snapshot(name, Instant.now(), image.file(), image.driver(), file.toString(), consistency);
        if (switched) {
            chain.plus(snapshot).save(stateDir);
        }
        if (failure != null) {
            throw switched ? failure : new LauncherException("snapshot '" + name + "' of disk " + diskId + " failed"
                    + thawed.stream().mapToObj(n -> " (the guest's file systems were thawed: " + n + ")").findFirst().orElse("")
                    + ": " + failure.getMessage(), failure);
        }
        LOG.info("disk {}: snapshot {} taken ({}), writes now go to {}", diskId, name, consistency, file);
        return new SnapshotTaken(snapshot, frozen, thawed);
    }

    /**
     * The recorded snapshots of a disk of this VM.
     *
     * @return the chain; an empty one when the disk has none
     */
    public List<Snapshot> list(String diskId) {
        return SnapshotChain.load(stateDir, diskId).map(SnapshotChain::snapshots).orElse(List.of());
    }

    /**
     * Merges the overlays above a snapshot's image back into it while the VM runs (an active
     * {@code block-commit}: once the job is {@code ready} it is completed, and the disk writes to
     * that image again). The snapshot and every later one are removed from the chain, their overlay
     * files deleted.
     *
     * @param diskId the disk's id
     * @param into the snapshot whose image receives the data; default the oldest (the disk's base image)
     * @return the job, and the chain that results once it has ended
     * @throws LauncherException when the disk has no such snapshot
     * @throws BlockJobException when QEMU refuses to start the commit
     */
    public BlockOperation<SnapshotChain> commit(String diskId, Optional<String> into) {
        SnapshotChain chain = SnapshotChain.load(stateDir, diskId).filter(c -> !c.snapshots().isEmpty())
                .orElseThrow(() -> new LauncherException("disk " + diskId + " has no snapshot to commit"));
        int index = into.map(chain::indexOf).orElse(0);
        Snapshot target = chain.snapshots().get(index);
        String top = BlockGraph.topNode(qmp, diskId);
        String base = BlockGraph.nodeOfFile(qmp, target.image()).nodeName();
        BlockJob job = jobs.start("commit", id -> new BlockCommit(id, top, base, OptionalLong.empty()));
        job.ready().thenRunAsync(() -> {
            if (!job.isDone()) {
                job.complete();
            }
        }, WORK).exceptionally(t -> null);
        CompletableFuture<SnapshotChain> result = job.done().thenApplyAsync(done -> {
            String now = BlockGraph.image(qmp, BlockGraph.topNode(qmp, diskId)).file();
            if (!now.equals(target.image())) {
                throw new BlockJobException(job.id(), "commit of disk " + diskId + " ended without switching to "
                        + target.image() + " (it was cancelled); the disk still writes to " + now
                        + " and its snapshots are kept", Optional.empty(), true);
            }
            List<Snapshot> removed = chain.snapshots().subList(index, chain.snapshots().size());
            SnapshotChain kept = chain.with(chain.snapshots().subList(0, index));
            kept.save(stateDir);
            for (Snapshot s : removed) {
                qmp.send(new io.jqemu.qmp.command.QueryNodeImages()).stream()
                        .filter(n -> n.nodeName().startsWith(NODE_PREFIX) && n.file().equals(s.overlay()))
                        .forEach(n -> {
                            try {
                                qmp.send(new BlockdevDel(n.nodeName()));
                            } catch (RuntimeException e) {
                                LOG.warn("disk {}: cannot remove node {} of {}: {}", diskId, n.nodeName(), s.overlay(),
                                        e.getMessage());
                            }
                        });
                QemuImg.deleteQuietly(Path.of(s.overlay()));
            }
            LOG.info("disk {}: committed into {}; writes go to it again", diskId, target.image());
            return kept;
        }, WORK);
        return new BlockOperation<>(job, result);
    }

    /**
     * Reverts a disk of a stopped VM to a snapshot: the disk's writes since the snapshot and every
     * later snapshot are discarded (their overlay files deleted), and the snapshot's overlay is made
     * anew, empty, over the snapshot's image, so the next launch sees the disk as it was when the
     * snapshot was taken. The snapshot stays, so a disk can be reverted to it again.
     *
     * @param stateDir the VM's state directory
     * @param diskId the disk's id
     * @param name the snapshot
     * @param qemuImg the qemu-img to make the overlay with
     * @return the chain after the revert
     * @throws LauncherException when the VM is running or the disk has no such snapshot
     * @throws io.jqemu.launcher.VmLockedException when another controller holds the VM
     */
    public static SnapshotChain revert(Path stateDir, String diskId, String name, QemuImg qemuImg) {
        try (VmLock lock = VmLock.acquire(stateDir, stateDir.getFileName().toString(), "snapshot revert")) {
            requireStopped(stateDir);
            SnapshotChain chain = SnapshotChain.load(stateDir, diskId)
                    .orElseThrow(() -> new LauncherException("disk " + diskId + " has no snapshots"));
            int index = chain.indexOf(name);
            Snapshot target = chain.snapshots().get(index);
            Path overlay = Path.of(target.overlay());
            Path fresh = overlay.resolveSibling(overlay.getFileName() + ".new");
            QemuImg.deleteQuietly(fresh);
            qemuImg.createOverlay(fresh, OptionalLong.empty(), Optional.of(target.image()), target.imageFormat());
            SnapshotChain kept = chain.with(chain.snapshots().subList(0, index + 1));
            for (Snapshot later : chain.snapshots().subList(index + 1, chain.snapshots().size())) {
                QemuImg.deleteQuietly(Path.of(later.overlay()));
            }
            try {
                Files.move(fresh, overlay, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new LauncherException("cannot replace " + overlay + ": " + e.getMessage(), e);
            }
            kept.save(stateDir);
            LOG.info("disk {}: reverted to snapshot {}", diskId, name);
            return kept;
        }
    }

    private static void requireStopped(Path stateDir) {
        Optional<VmRecord> record = VmRecord.readFrom(stateDir);
        if (record.isPresent() && ProcessHandle.of(record.get().pid()).filter(io.jqemu.launcher.vm.LiveProcesses::running)
                .filter(h -> h.info().startInstant().map(record.get().started()::equals).orElse(false)).isPresent()) {
            throw new LauncherException("VM " + record.get().name() + " is running (pid " + record.get().pid()
                    + "); stop it before reverting a disk to a snapshot");
        }
    }
}
