package io.jqemu.launcher;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The files QEMU appends a port's output to (a serial log). QEMU would create a missing one
 * world-readable (0644 under the usual umask), so the launch creates it first, private to the
 * VM's owner (0600); an existing file is left as it is, content and mode. A failed launch removes
 * the files it created.
 */
final class OutputFiles {
    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final List<Path> created;

    private OutputFiles(List<Path> created) {
        this.created = created;
    }

    /**
     * Creates every missing output file of {@code resources} as {@code 0600}.
     *
     * @throws HostException naming the field when a file cannot be created (those created before are removed)
     */
    static OutputFiles create(List<HostResource> resources) {
        List<Path> created = new ArrayList<>();
        OutputFiles files = new OutputFiles(created);
        for (HostResource resource : resources) {
            if (resource instanceof HostResource.OutputFile o) {
                Path file = Path.of(o.path()).toAbsolutePath();
                try {
                    Files.createFile(file, PRIVATE);   // O_EXCL: never through an existing name or link
                    created.add(file);
                } catch (FileAlreadyExistsException kept) {
                    // QEMU appends to it
                } catch (IOException e) {
                    HostException failure = new HostException(o.fieldPath() + ": cannot create " + file + ": "
                            + e.getMessage(), e);
                    try {
                        files.undo();
                    } catch (HostException undo) {
                        failure.addSuppressed(undo);
                    }
                    throw failure;
                }
            }
        }
        return files;
    }

    /**
     * Removes the files {@link #create} made.
     *
     * @throws HostException when one cannot be removed
     */
    void undo() {
        for (Path file : created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new HostException("cannot remove " + file + ", created for a launch that failed: "
                        + e.getMessage(), e);
            }
        }
    }
}
