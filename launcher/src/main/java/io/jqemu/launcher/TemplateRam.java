package io.jqemu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The RAM file of a template VM ({@link LaunchOptions#asTemplate()}): {@value #FILE_NAME} in the VM's
 * runtime directory, mapped shared by QEMU, so it goes with that directory on every way out.
 */
final class TemplateRam {
    /** The file's name in the runtime directory. */
    static final String FILE_NAME = "guest-ram";

    private TemplateRam() {
    }

    /**
     * Creates the empty file, private to the owner (QEMU would make it readable by everyone) and
     * sized by QEMU; one a crashed start left behind is replaced.
     */
    static void create(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new LauncherException("cannot create the template VM's RAM file " + file + ": " + e.getMessage(), e);
        }
    }
}
