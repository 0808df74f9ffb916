package io.jqemu.launcher;

import io.jqemu.launcher.host.internal.DeviceFiles;
import io.jqemu.launcher.host.internal.LibC;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.GetFd;
import io.jqemu.qmp.command.Migrate;
import io.jqemu.qmp.command.MigrateIncoming;
import io.jqemu.qmp.command.MigrateSetParameters;
import io.jqemu.qmp.command.MigrationInfo;
import io.jqemu.qmp.command.QueryMigrate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Moves a VM's state (RAM and devices) between QEMU and a {@link VmStateFile}, without a shell: the
 * file is opened here and its descriptor handed to QEMU with {@code getfd} (SCM_RIGHTS), positioned
 * after the header, and QEMU's migration writes or reads it ({@code fd:NAME}).
 */
final class StateTransfer {
    /** The name QEMU knows the state file's descriptor by. */
    static final String FD_NAME = "jqemu-state";
    /** A save is limited by the disk, not by migration's default 128 MiB/s throttle. */
    private static final long UNTHROTTLED = 1L << 40;
    private static final long POLL_MILLIS = 20;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;

    private StateTransfer() {
    }

    /**
     * Writes the VM's state into {@code file}, a new file (never overwritten, mode 0600). The guest
     * must be paused. On failure the file is removed.
     *
     * @param header the header, made once QEMU has finished the stream (the disks as they are then)
     */
    static long save(String vm, QmpClient qmp, Path file, Supplier<VmStateFile.Header> header, Duration timeout) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new LauncherException("VM " + vm + ": " + file + " already exists; a state is saved into a new file only");
        } catch (IOException e) {
            throw new LauncherException("VM " + vm + ": cannot create " + file + ": " + e.getMessage(), e);
        }
        try {
            writeHeader(file, ByteBuffer.allocate(VmStateFile.HEADER_BYTES));
            passFile(qmp, file, O_WRONLY);
            qmp.send(new MigrateSetParameters(UNTHROTTLED));
            qmp.send(new Migrate("fd:" + FD_NAME));
            MigrationInfo done = await(qmp, timeout, "saving the state of VM " + vm);
            if (!done.status().equals("completed")) {
                throw new LauncherException("VM " + vm + ": saving its state failed (" + done.status() + "): "
                        + done.error().orElse("QEMU gave no reason"));
            }
            writeHeader(file, VmStateFile.encode(header.get()));
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException undo) {
                e.addSuppressed(undo);
            }
            throw e instanceof RuntimeException r ? r
                    : new LauncherException("VM " + vm + ": cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Feeds the state in {@code file} to a QEMU started with {@code -incoming defer} and waits until
     * it has loaded it (the guest stays paused).
     */
    static void restore(String vm, QmpClient qmp, Path file, Duration timeout) {
        passFile(qmp, file, O_RDONLY);
        qmp.send(new MigrateIncoming("fd:" + FD_NAME));
        MigrationInfo done = await(qmp, timeout, "restoring the state of VM " + vm);
        if (!done.status().equals("completed")) {
            throw new LaunchFailedException("VM " + vm + ": restoring its state from " + file + " failed ("
                    + done.status() + "): " + done.error().orElse("QEMU gave no reason"));
        }
    }

    private static void writeHeader(Path file, ByteBuffer header) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long position = 0;
            while (header.hasRemaining()) {
                position += channel.write(header, position);
            }
            channel.force(true);
        }
    }

    /** Opens {@code file} after its header and hands QEMU the descriptor; this copy is closed at once. */
    private static void passFile(QmpClient qmp, Path file, int flags) {
        int fd;
        try {
            fd = DeviceFiles.openAt(file.toString(), flags, VmStateFile.HEADER_BYTES);
        } catch (IllegalStateException e) {
            throw new LauncherException(e.getMessage(), e);
        }
        if (fd < 0) {
            throw new LauncherException("cannot open " + file + ": " + DeviceFiles.lastError());
        }
        try {
            qmp.send(new GetFd(FD_NAME, fd));
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    private static MigrationInfo await(QmpClient qmp, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            MigrationInfo info = qmp.send(new QueryMigrate());
            if (info.finished()) {
                return info;
            }
            if (System.nanoTime() > deadline) {
                throw new LauncherException(what + " did not finish within " + HumanDuration.of(timeout)
                        + " (QEMU's migration status: " + info.status() + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException(what + " was interrupted", e);
            }
        }
    }
}
