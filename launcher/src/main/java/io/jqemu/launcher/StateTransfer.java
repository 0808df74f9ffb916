package io.jqemu.launcher;

import io.jqemu.launcher.host.internal.DeviceFiles;
import io.jqemu.launcher.host.internal.LibC;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.GetFd;
import io.jqemu.qmp.command.Migrate;
import io.jqemu.qmp.command.MigrateIncoming;
import io.jqemu.qmp.command.MigrateSetCapabilities;
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
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Moves a VM's state (RAM and devices) between QEMU and a {@link VmStateFile}, without a shell: the
 * file is opened here and its descriptor handed to QEMU with {@code getfd} (SCM_RIGHTS), positioned
 * after the header, and QEMU's migration writes or reads it ({@code fd:NAME}).
 *
 * <p>A template VM's RAM is a shared file: its save sets {@code x-ignore-shared}, so the stream holds
 * only the devices, and copies the RAM file (holes kept) beside the state file while the guest is
 * paused; a restore sets the same capability and QEMU finds the RAM already in place, mapped
 * privately from that copy.
 */
final class StateTransfer {
    /** The name QEMU knows the state file's descriptor by. */
    static final String FD_NAME = "jqemu-state";
    /** A save is limited by the disk, not by migration's default 128 MiB/s throttle. */
    private static final long UNTHROTTLED = 1L << 40;
    /** Polling starts at 1 ms (a template's restore takes tens of ms) and backs off to this. */
    private static final long MAX_POLL_MILLIS = 50;
    private static final String IGNORE_SHARED = "x-ignore-shared";
    private static final int COPY_CHUNK = 64 * 1024;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;

    private StateTransfer() {
    }

    /**
     * Writes the VM's state into {@code file}, a new file (never overwritten, mode 0600). The guest
     * must be paused. On failure the file is removed.
     *
     * @param sharedRam the template VM's shared RAM file, copied to {@link VmStateFile#ramFile} and left
     *                  out of the stream; empty when the RAM goes into the stream
     * @param header the header, made once QEMU has finished the stream (the disks as they are then)
     */
    static long save(String vm, QmpClient qmp, Path file, Optional<Path> sharedRam, Supplier<VmStateFile.Header> header,
                     Duration timeout) {
        createPrivate(vm, file);
        Optional<Path> ramCopy = sharedRam.map(r -> VmStateFile.ramFile(file));
        try {
            ramCopy.ifPresent(r -> createPrivate(vm, r));
        } catch (RuntimeException e) {
            deleteQuietly(file, e);
            throw e;
        }
        try {
            writeHeader(file, ByteBuffer.allocate(VmStateFile.HEADER_BYTES));
            passFile(qmp, file, O_WRONLY);
            qmp.send(new MigrateSetParameters(UNTHROTTLED));
            qmp.send(new MigrateSetCapabilities(IGNORE_SHARED, sharedRam.isPresent()));
            qmp.send(new Migrate("fd:" + FD_NAME));
            MigrationInfo done = await(qmp, timeout, "saving the state of VM " + vm);
            if (!done.status().equals("completed")) {
                throw new LauncherException("VM " + vm + ": saving its state failed (" + done.status() + "): "
                        + done.error().orElse("QEMU gave no reason"));
            }
            if (sharedRam.isPresent()) {
                copyKeepingHoles(sharedRam.get(), ramCopy.get());
            }
            writeHeader(file, VmStateFile.encode(header.get()));
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : new LauncherException("VM " + vm + ": cannot write " + file + ": " + e.getMessage(), e);
            deleteQuietly(file, failure);
            ramCopy.ifPresent(r -> deleteQuietly(r, failure));
            throw failure;
        }
    }

    private static void createPrivate(String vm, Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new LauncherException("VM " + vm + ": " + file + " already exists; a state is saved into a new file only");
        } catch (IOException e) {
            throw new LauncherException("VM " + vm + ": cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file, RuntimeException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException undo) {
            failure.addSuppressed(undo);
        }
    }

    /**
     * Copies {@code from} into the empty {@code to}, leaving a hole wherever a 64 KiB block is zero
     * (most of a guest's RAM is), so the copy takes only the disk space the guest's data needs.
     */
    static void copyKeepingHoles(Path from, Path to) throws IOException {
        byte[] block = new byte[COPY_CHUNK];
        byte[] zero = new byte[COPY_CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(block);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
            long size = in.size();
            long position = 0;
            while (position < size) {
                buffer.clear();
                int n = 0;
                while (buffer.hasRemaining()) {
                    int read = in.read(buffer, position + n);
                    if (read < 0) {
                        break;
                    }
                    n += read;
                }
                if (n == 0) {
                    break;
                }
                if (Arrays.mismatch(block, 0, n, zero, 0, n) >= 0) {
                    ByteBuffer data = ByteBuffer.wrap(block, 0, n);
                    long at = position;
                    while (data.hasRemaining()) {
                        at += out.write(data, at);
                    }
                }
                position += n;
            }
            if (out.size() < size) {
                out.truncate(size);
                // truncate() only shrinks: extend to the full size with the hole at the end
                out.write(ByteBuffer.allocate(1), size - 1);
            }
            out.force(true);
        }
    }

    /**
     * Feeds the state in {@code file} to a QEMU started with {@code -incoming defer} and waits until
     * it has loaded it (the guest stays paused).
     *
     * @param ramInFile whether the guest's RAM is in a file QEMU has mapped already (a template's
     *                  state): the stream leaves it out ({@code x-ignore-shared})
     */
    static void restore(String vm, QmpClient qmp, Path file, boolean ramInFile, Duration timeout) {
        if (ramInFile) {
            qmp.send(new MigrateSetCapabilities(IGNORE_SHARED, true));
        }
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
        long pause = 1;
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
                Thread.sleep(pause);
                pause = Math.min(MAX_POLL_MILLIS, pause * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException(what + " was interrupted", e);
            }
        }
    }
}
