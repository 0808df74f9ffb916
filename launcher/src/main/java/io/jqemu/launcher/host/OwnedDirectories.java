package io.jqemu.launcher.host;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import jnr.posix.POSIXFactory;

/**
 * The ownership rules for the directories jqemu keeps VMs in, so that no other local user can
 * swap a VM's directory (and receive its sockets and requests):
 * <ul>
 *   <li>a root (state root, runtime root) is created with {@code mkdir}, which fails when the path
 *       exists; an existing root, or one another process created first, must be a real directory
 *       (not a symbolic link) owned by this process's user and not writable by group or others;</li>
 *   <li>a VM's own directory under a root must be a real directory owned by this user; it is made
 *       {@code 0700}.</li>
 * </ul>
 * Every refusal is a {@link HostException} naming the field, the path, its owner and its mode.
 */
final class OwnedDirectories {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int EUID = POSIXFactory.getPOSIX().geteuid();

    private OwnedDirectories() {
    }

    /** Creates {@code root} ({@code 0700}) unless it exists, then checks it by the rules for roots. */
    static void ensureRoot(String field, Path root) {
        createPrivateDirectory(field, root, true);
        requireRoot(field, root);
    }

    /**
     * Checks an existing root: a directory, not a symbolic link, owned by this user, not writable
     * by group or others.
     */
    static void requireRoot(String field, Path root) {
        Attributes a = requireOwnedDirectory(field, root);
        if ((a.mode() & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new HostException(field + ": " + root + " is writable by " + ((a.mode() & 0002) != 0 ? "others" : "its group")
                    + " (mode " + a.modeText() + ", owner " + a.ownerText() + "); jqemu keeps VMs only in a directory"
                    + " no other user can change: chmod go-w it or choose another directory");
        }
    }

    /** Creates the VM directory {@code dir} under a checked root unless it exists, checks it and makes it {@code 0700}. */
    static void ensureVmDirectory(String field, Path dir) {
        createPrivateDirectory(field, dir, false);
        requireOwnedDirectory(field, dir);
        try {
            if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE)) {
                Files.setPosixFilePermissions(dir, PRIVATE);
            }
        } catch (IOException e) {
            throw new HostException(field + ": cannot make " + dir + " private: " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} ({@code 0700}), and its missing parents first when {@code withParents};
     * a name that exists already is left as it is for the caller's checks to decide on.
     */
    private static void createPrivateDirectory(String field, Path dir, boolean withParents) {
        try {
            Path parent = dir.getParent();
            if (withParents && parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
        } catch (FileAlreadyExistsException e) {
            // created before (by us, an earlier run or someone else): the caller's checks decide
        } catch (IOException e) {
            throw new HostException(field + ": cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Checks an existing VM directory: a directory, not a symbolic link, owned by this user. */
    static Attributes requireOwnedDirectory(String field, Path dir) {
        Attributes a = Attributes.of(field, dir);
        if (a.symbolicLink()) {
            throw new HostException(field + ": " + dir + " is a symbolic link (owner " + a.ownerText()
                    + "); jqemu refuses it: a VM's directories must be real directories of their user");
        }
        if (!a.directory()) {
            throw new HostException(field + ": " + dir + " is not a directory (owner " + a.ownerText() + ", mode "
                    + a.modeText() + ")");
        }
        if (a.uid() != EUID) {
            throw new HostException(field + ": " + dir + " is owned by " + a.ownerText() + " (mode " + a.modeText()
                    + "), not by uid " + EUID + " who runs jqemu; jqemu refuses a directory another user controls:"
                    + " remove it or choose another directory");
        }
        return a;
    }

    /** What the checks read of a path, without following a symbolic link. */
    record Attributes(boolean symbolicLink, boolean directory, int uid, String owner, int mode) {
        static Attributes of(String field, Path path) {
            try {
                PosixFileAttributes p = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                return new Attributes(p.isSymbolicLink(), p.isDirectory(), uid, p.owner().getName(), mode & 07777);
            } catch (NoSuchFileException e) {
                throw new HostException(field + ": " + path + " does not exist", e);
            } catch (IOException e) {
                throw new HostException(field + ": cannot read the attributes of " + path + ": " + e.getMessage(), e);
            }
        }

        String ownerText() {
            return owner.equals(Integer.toString(uid)) ? "uid " + uid : "uid " + uid + " (" + owner + ")";
        }

        String modeText() {
            return String.format("%04o", mode);
        }
    }
}
