package io.jqemu.launcher.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The files of one VM. State directory: {@value UndoJournal#FILE_NAME}, {@code qemu.log},
 * {@code OVMF_VARS.fd}, {@code runtime-dir} (where the runtime directory is). Runtime directory:
 * the unix sockets ({@code qmp.sock} ...). Both are private ({@code 0700}).
 *
 * @param stateDir   the persistent per-VM directory
 * @param runtimeDir the per-VM directory for sockets, removed on release
 */
public record VmPaths(Path stateDir, Path runtimeDir) {
    /** The longest unix socket path in bytes (sun_path is 108 bytes with its terminating NUL). */
    public static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final String RUNTIME_DIR_FILE = "runtime-dir";

    /** Refuses null components; the exception names the component. */
    public VmPaths {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(runtimeDir, "runtimeDir");
    }

    /**
     * The paths of a VM prepared before, from its state directory (what {@code reattach} starts
     * from), after checking the directories by the ownership rules of {@link HostLayout}.
     *
     * @throws HostException when the directory is no VM state directory, or when it or the runtime
     *                       directory it names is a symbolic link, another user's, or in a root
     *                       others can write to
     */
    public static VmPaths load(Path stateDir) {
        requireState(stateDir);
        VmPaths paths;
        try {
            Path runtime = Path.of(Files.readString(stateDir.resolve(RUNTIME_DIR_FILE), StandardCharsets.UTF_8).strip());
            paths = new VmPaths(stateDir, runtime);
        } catch (NoSuchFileException e) {
            throw new HostException(stateDir + " is not a jqemu VM state directory (no " + RUNTIME_DIR_FILE + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateDir.resolve(RUNTIME_DIR_FILE), e);
        }
        paths.requireOwnedRuntimeDir();
        return paths;
    }

    private static void requireState(Path stateDir) {
        if (stateDir.getParent() != null && Files.isDirectory(stateDir.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            OwnedDirectories.requireRoot("stateRoot", stateDir.getParent());
        }
        OwnedDirectories.requireOwnedDirectory("stateRoot", stateDir);
    }

    /** Checks the runtime directory and its root by the ownership rules, when they exist. */
    private void requireOwnedRuntimeDir() {
        Path root = runtimeDir.getParent();
        if (root != null && Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            OwnedDirectories.requireRoot("runtimeRoot", root);
        }
        if (Files.exists(runtimeDir, LinkOption.NOFOLLOW_LINKS)) {
            OwnedDirectories.requireOwnedDirectory("runtimeRoot", runtimeDir);
        }
    }

    /** The undo journal. */
    public UndoJournal journal() {
        return new UndoJournal(stateDir.resolve(UndoJournal.FILE_NAME));
    }

    /** QEMU's log file (its stderr). */
    public Path qemuLog() {
        return stateDir.resolve("qemu.log");
    }

    /** The VM's own OVMF vars file, copied once from the template and kept across runs. */
    public Path ovmfVars() {
        return stateDir.resolve("OVMF_VARS.fd");
    }

    /**
     * The unix socket {@code <name>.sock} in the runtime directory.
     *
     * @throws HostException when the path would be 108 bytes or longer, naming the runtime root to shorten
     */
    public Path socket(String name) {
        Path socket = runtimeDir.resolve(name + ".sock");
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw new HostException("runtimeRoot: the socket path " + socket + " is " + bytes
                    + " bytes; unix sockets allow at most " + MAX_SOCKET_PATH_BYTES
                    + ": choose a shorter runtime root or VM name");
        }
        return socket;
    }

    /** Makes a socket QEMU created private ({@code 0600}). */
    public static void restrictSocket(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + socket, e);
        }
    }

    /**
     * Creates the state root and this VM's state directory unless they exist, and checks both by
     * the ownership rules of {@link HostLayout}; writes nothing into it.
     *
     * @throws HostException naming {@code stateRoot}, the path, its owner and mode when a check fails
     */
    public void ensureStateDir() {
        OwnedDirectories.ensureRoot("stateRoot", stateDir.getParent());
        OwnedDirectories.ensureVmDirectory("stateRoot", stateDir);
    }

    /** Creates the state directory (kept across runs) as {@code 0700} and records where the runtime directory is. */
    void createStateDir() {
        ensureStateDir();
        try {
            Files.writeString(stateDir.resolve(RUNTIME_DIR_FILE), runtimeDir + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HostException("cannot create the state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    /** Creates the runtime root and this VM's runtime directory ({@code 0700}) unless they exist, and checks both. */
    void createRuntimeDir() {
        OwnedDirectories.ensureRoot("runtimeRoot", runtimeDir.getParent());
        OwnedDirectories.ensureVmDirectory("runtimeRoot", runtimeDir);
    }
}
