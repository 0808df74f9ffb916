package io.jqemu.launcher.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import jnr.posix.POSIXFactory;

/**
 * A secret the user keeps in a file (a console password): accepted only when it is a regular file
 * (not a symbolic link) owned by the user who runs jqemu and that no one else can read or write
 * (mode {@code 0600} or stricter). The content never appears in an exception message.
 */
public final class OwnerOnlyFile {
    private static final int GROUP_OR_OTHERS = 0077;
    private static final int EUID = POSIXFactory.getPOSIX().geteuid();

    private OwnerOnlyFile() {
    }

    /**
     * Checks {@code file} by the rules above.
     *
     * @throws HostException naming {@code field}, the path, its owner and mode, and the fix
     */
    public static void check(String field, Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new HostException(field + ": " + file + " is a symbolic link; name the file itself");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new HostException(field + ": " + file + (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                        ? " is not a regular file" : " does not exist"));
            }
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            if (uid != EUID) {
                throw new HostException(field + ": " + file + " is owned by uid " + uid + ", not by uid " + EUID
                        + " who runs jqemu; a password file must be its user's own");
            }
            if ((mode & GROUP_OR_OTHERS) != 0) {
                throw new HostException(field + ": " + file + " has mode " + String.format("%04o", mode)
                        + ": other users could read or change the password; chmod 600 it");
            }
        } catch (IOException e) {
            throw new HostException(field + ": cannot read the attributes of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first line of {@code file}, after {@link #check}.
     *
     * @throws HostException naming {@code field} when the file fails the check, cannot be read or is empty
     */
    public static String firstLine(String field, Path file) {
        check(field, file);
        try {
            String line = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (line.isEmpty()) {
                throw new HostException(field + ": " + file + " is empty; its first line is the password");
            }
            return line;
        } catch (NoSuchFileException e) {
            throw new HostException(field + ": " + file + " does not exist", e);
        } catch (IOException e) {
            throw new HostException(field + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
