package io.jqemu.launcher.vm;

import io.jqemu.launcher.LauncherException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a later JVM needs to find a running VM again: written to {@code vm.properties} in the VM's
 * state directory (atomically, by rename) once QEMU runs, removed when the VM is gone.
 *
 * @param name the VM's name
 * @param pid QEMU's process id
 * @param started QEMU's start time (guards against a reused pid)
 * @param qmpSocket the QMP monitor socket
 * @param serialSocket the serial console socket, when the machine has one
 * @param runtimeDir the VM's runtime directory
 */
public record VmRecord(String name, long pid, Instant started, Path qmpSocket, Optional<Path> serialSocket,
        Path runtimeDir) {
    /** The file name inside the state directory. */
    public static final String FILE_NAME = "vm.properties";

    /** Writes the record into {@code stateDir}. */
    public void writeTo(Path stateDir) {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started", started.toString());
        p.setProperty("qmpSocket", qmpSocket.toString());
        serialSocket.ifPresent(s -> p.setProperty("serialSocket", s.toString()));
        p.setProperty("runtimeDir", runtimeDir.toString());
        Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "jqemu running VM");
        } catch (IOException e) {
            throw new LauncherException("cannot write " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, stateDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LauncherException("cannot write " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the record from {@code stateDir}.
     *
     * @return the record, or empty when the directory has none (no VM was running)
     * @throws LauncherException when the file exists but is unreadable or incomplete
     */
    public static Optional<VmRecord> readFrom(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(new VmRecord(required(p, file, "name"), Long.parseLong(required(p, file, "pid")),
                    Instant.parse(required(p, file, "started")), Path.of(required(p, file, "qmpSocket")),
                    Optional.ofNullable(p.getProperty("serialSocket")).map(Path::of),
                    Path.of(required(p, file, "runtimeDir"))));
        } catch (IOException | RuntimeException e) {
            throw new LauncherException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the record from {@code stateDir}, if there is one. */
    public static void deleteFrom(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new LauncherException("cannot delete " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, Path file, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new LauncherException(file + " has no " + key);
        }
        return value;
    }
}
