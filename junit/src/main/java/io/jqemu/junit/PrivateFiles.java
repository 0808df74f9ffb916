package io.jqemu.junit;

import io.jqemu.launcher.LauncherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Private directories ({@code 0700}) and their removal. */
final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * The directory {@code dir}, created {@code 0700} when missing; an existing one must be a real
     * directory of the user running the tests that nobody else can write to.
     *
     * @param what the setting that named it, for the error
     */
    static Path ownedDirectory(String what, Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(dir, OWNER_ONLY); // the umask may have taken bits away
            return dir;
        } catch (FileAlreadyExistsException e) {
            return checkOwned(what, dir);
        } catch (IOException e) {
            throw new LauncherException(what + ": cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates the new directory {@code dir} ({@code 0700}); fails when it exists. */
    static Path newDirectory(Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static Path checkOwned(String what, Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            boolean othersWrite = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
            if (!a.isDirectory() || !a.owner().getName().equals(me) || othersWrite) {
                throw new LauncherException(what + ": " + dir + " must be a directory of " + me
                        + " that no one else can write to; it is " + (a.isDirectory() ? "a directory" : "not a directory")
                        + " of " + a.owner().getName() + " with mode " + PosixFilePermissions.toString(a.permissions())
                        + ": remove it or choose another directory");
            }
            return dir;
        } catch (IOException e) {
            throw new LauncherException(what + ": cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code dir} and everything in it; a missing one is fine. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
