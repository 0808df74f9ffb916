package io.jqemu.launcher;

import io.jqemu.core.model.Cdrom;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpCommand;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpTimeoutException;
import io.jqemu.qmp.command.BlockInfo;
import io.jqemu.qmp.command.BlockNode;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevCloseTray;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.BlockdevInsertMedium;
import io.jqemu.qmp.command.BlockdevOpenTray;
import io.jqemu.qmp.command.BlockdevRemoveMedium;
import io.jqemu.qmp.command.QueryBlock;
import io.jqemu.qmp.command.QueryNamedBlockNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The medium of one CD-ROM drive of a running VM ({@link RunningVm#media(String)}): eject it, insert
 * another, or change one for the other. The tray moves the way a real drive's does
 * ({@code blockdev-open-tray}, {@code blockdev-remove-medium}, {@code blockdev-insert-medium},
 * {@code blockdev-close-tray}), each move confirmed by QEMU's {@code DEVICE_TRAY_MOVED} event; every
 * inserted medium is a block node of its own ({@code med<n>-<id>}), deleted when it is taken out.
 *
 * <p>A guest that has locked the tray (it has the medium mounted) is only asked to open it; when the
 * tray has not opened within {@link #trayWait()}, the operation fails with a
 * {@link MediaLockedException} and changes nothing. {@code force} opens a locked tray regardless, as
 * a paper clip does; the guest then loses the medium under its feet.
 */
public final class MediaControl {
    private static final Logger LOG = LoggerFactory.getLogger(MediaControl.class);
    /** How long a tray move is awaited by default. */
    public static final Duration TRAY_WAIT = Duration.ofSeconds(10);
    /** Most media a drive gets over the VM's life before node names are reused (they never clash). */
    private static final int MAX_NODES = 9999;

    private final String vmName;
    private final String id;
    private final QmpClient qmp;
    private final CompletableFuture<ExitStatus> exit;
    private final Duration trayWait;

    MediaControl(String vmName, String id, QmpClient qmp, CompletableFuture<ExitStatus> exit, Duration trayWait) {
        this.vmName = Objects.requireNonNull(vmName, "vmName");
        this.id = Objects.requireNonNull(id, "id");
        this.qmp = Objects.requireNonNull(qmp, "qmp");
        this.exit = Objects.requireNonNull(exit, "exit");
        this.trayWait = Objects.requireNonNull(trayWait, "trayWait");
    }

    /** The drive's device id. */
    public String id() {
        return id;
    }

    /** How long a tray move is awaited before the guest is taken to keep it locked. */
    public Duration trayWait() {
        return trayWait;
    }

    /** This drive's control, waiting {@code wait} for each tray move. */
    public MediaControl withTrayWait(Duration wait) {
        return new MediaControl(vmName, id, qmp, exit, wait);
    }

    /**
     * The drive as QEMU reports it now.
     *
     * @throws LauncherException when the VM has no removable-media drive with this id (the message lists them)
     */
    public synchronized MediaStatus status() {
        BlockInfo drive = drive();
        return new MediaStatus(id, drive.trayOpen().orElse(false), drive.locked(),
                drive.inserted().map(BlockNode::file));
    }

    /**
     * Opens the tray and takes the medium out (its block node is deleted); the tray stays open, as a
     * real drive's does. Ejecting an empty drive only opens its tray.
     *
     * @param force open the tray even when the guest has locked it
     * @throws MediaLockedException when the guest keeps the tray locked and {@code force} is false
     */
    public synchronized void eject(boolean force) {
        BlockInfo drive = drive();
        openTray(drive, force);
        if (drive.inserted().isPresent()) {
            String node = drive.inserted().get().nodeName();
            send(new BlockdevRemoveMedium(id));
            send(new BlockdevDel(node));
            LOG.info("VM {}: ejected {} from {}", vmName, drive.inserted().get().file(), id);
        }
    }

    /**
     * Puts the ISO image {@code path} into the empty drive and closes the tray.
     *
     * @throws LauncherException when the drive holds a medium (eject it first, or {@link #change}), or
     *     the file is not a readable regular file
     * @throws MediaLockedException when the tray is closed and the guest keeps it locked
     */
    public synchronized void insert(String path) {
        checkMedium(path);
        BlockInfo drive = drive();
        if (drive.inserted().isPresent()) {
            throw new LauncherException("VM " + vmName + ": drive " + id + " holds " + drive.inserted().get().file()
                    + "; eject it first (or change the medium)");
        }
        openTray(drive, false);
        String node = freeNodeName();
        send(new BlockdevAdd(Cdrom.mediumOptions(node, path)));
        try {
            send(new BlockdevInsertMedium(id, node));
        } catch (RuntimeException e) {
            deleteQuietly(node);
            throw e;
        }
        moveTray(new BlockdevCloseTray(id), false);
        LOG.info("VM {}: inserted {} into {}", vmName, path, id);
    }

    /**
     * Ejects the medium (see {@link #eject}) and inserts {@code path}. The file is checked first, so a
     * missing file (or a locked tray) leaves the old medium in place; should QEMU refuse the new
     * medium after the old one is out, the drive is left empty with its tray open, and the error says
     * why.
     *
     * @param force open the tray even when the guest has locked it
     * @throws MediaLockedException when the guest keeps the tray locked and {@code force} is false
     */
    public synchronized void change(String path, boolean force) {
        checkMedium(path);
        eject(force);
        insert(path);
    }

    private void checkMedium(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new LauncherException("path: '" + path + "' is not an absolute path");
        }
        try {
            HostPathCheck.check("path", Path.of(path), HostPathCheck.Kind.FILE, false);
        } catch (HostException e) {
            throw new LauncherException("VM " + vmName + ": drive " + id + ": " + e.getMessage(), e);
        }
    }

    private void openTray(BlockInfo drive, boolean force) {
        if (drive.trayOpen().orElse(false)) {
            return;
        }
        moveTray(new BlockdevOpenTray(id, force), true);
    }

    /** Sends a tray command and waits for the tray to get there; a tray that stays closed is locked. */
    private void moveTray(QmpCommand<Void> command, boolean open) {
        CompletableFuture<?> moved = qmp.awaitEvent(QmpEvents.trayMoved(id, open), trayWait);
        try {
            send(command);
        } catch (RuntimeException e) {
            moved.cancel(false);
            throw e;
        }
        try {
            moved.join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof QmpTimeoutException)) {
                failIfExited(command.name());
                throw new LauncherException("VM " + vmName + ": drive " + id + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
            if (drive().trayOpen().orElse(false) == open) {
                return;
            }
            if (open) {
                throw new MediaLockedException(vmName, id, trayWait);
            }
            throw new LauncherException("VM " + vmName + ": the tray of drive " + id + " did not close within "
                    + HumanDuration.of(trayWait));
        }
    }

    private String freeNodeName() {
        Set<String> taken = send(new QueryNamedBlockNodes()).stream().map(BlockNode::nodeName)
                .collect(Collectors.toSet());
        for (int n = 1; n <= MAX_NODES; n++) {
            String name = "med" + n + "-" + id;
            if (!taken.contains(name)) {
                return name;
            }
        }
        throw new LauncherException("VM " + vmName + ": drive " + id + " has no free medium node name left");
    }

    private void deleteQuietly(String node) {
        try {
            send(new BlockdevDel(node));
        } catch (RuntimeException e) {
            LOG.warn("VM {}: could not delete the unused medium node {}: {}", vmName, node, e.getMessage());
        }
    }

    private BlockInfo drive() {
        List<BlockInfo> removable = send(new QueryBlock()).stream().filter(BlockInfo::removable).toList();
        return removable.stream().filter(b -> b.qdev().filter(this::isThisDevice).isPresent()).findFirst()
                .orElseThrow(() -> new LauncherException("VM " + vmName + " has no CD-ROM drive '" + id + "' (its drives: "
                        + (removable.isEmpty() ? "none" : removable.stream().map(b -> deviceId(b.qdev().orElse("?")))
                                .collect(Collectors.joining(", "))) + ")"));
    }

    /** query-block names a device by its id, or by its QOM path {@code /machine/peripheral/<id>/...}. */
    private boolean isThisDevice(String qdev) {
        return qdev.equals(id) || deviceId(qdev).equals(id);
    }

    private static String deviceId(String qdev) {
        String prefix = "/machine/peripheral/";
        if (!qdev.startsWith(prefix)) {
            return qdev;
        }
        String rest = qdev.substring(prefix.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private <R> R send(QmpCommand<R> command) {
        failIfExited(command.name());
        try {
            return qmp.send(command);
        } catch (QmpErrorException e) {
            throw new LauncherException("VM " + vmName + ": drive " + id + ": " + command.name() + " failed: "
                    + e.description(), e);
        } catch (QmpException | CompletionException e) {
            failIfExited(command.name());
            if (!qmp.isOpen()) {
                throw new VmExitedException(vmName, command.name(), exit.getNow(ExitStatus.unknown()));
            }
            throw e;
        }
    }

    private void failIfExited(String what) {
        if (exit.isDone()) {
            throw new VmExitedException(vmName, what, exit.join());
        }
    }
}
