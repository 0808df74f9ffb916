package io.jqemu.launcher.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Checks that images, block devices, device nodes and shared directories exist with the access a VM needs. */
public final class HostPathCheck {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFSOCK = 0140000;

    private HostPathCheck() {
    }

    /** What a path must be. */
    public enum Kind {
        /** A regular file (disk image, firmware, kernel). */
        FILE("a regular file"),
        /** A block device ({@code /dev/sdb}). */
        BLOCK_DEVICE("a block device"),
        /** A character device ({@code /dev/ttyS0}, {@code /dev/parport0}). */
        CHARACTER_DEVICE("a character device"),
        /** A regular file or a block device (a disk's source). */
        FILE_OR_BLOCK_DEVICE("a regular file or a block device"),
        /** A directory (a 9p share). */
        DIRECTORY("a directory");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    /**
     * Checks {@code path}; the error names {@code fieldPath} and the path.
     *
     * @param writable whether the VM writes to it
     */
    public static void check(String fieldPath, Path path, Kind kind, boolean writable) {
        if (!Files.exists(path)) {
            throw new HostException(fieldPath + ": " + path + " does not exist");
        }
        if (!is(path, kind)) {
            throw new HostException(fieldPath + ": " + path + " is not " + kind.text);
        }
        if (!Files.isReadable(path)) {
            throw new HostException(fieldPath + ": " + path + " is not readable by this user");
        }
        if (writable && !Files.isWritable(path)) {
            throw new HostException(fieldPath + ": " + path + " is not writable by this user (mark it read-only"
                    + " or fix its permissions)");
        }
    }

    /** Whether {@code path} is a unix socket (not following a symbolic link). */
    public static boolean isSocket(Path path) {
        try {
            return (((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean is(Path path, Kind kind) {
        return switch (kind) {
            case FILE -> Files.isRegularFile(path);
            case DIRECTORY -> Files.isDirectory(path);
            case BLOCK_DEVICE -> type(path) == S_IFBLK;
            case CHARACTER_DEVICE -> type(path) == S_IFCHR;
            case FILE_OR_BLOCK_DEVICE -> Files.isRegularFile(path) || type(path) == S_IFBLK;
        };
    }

    private static int type(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
