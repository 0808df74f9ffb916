package io.jqemu.launcher.host.internal;

import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/** Opens device files the way the launcher needs them (read-write, close-on-exec). Not API. */
public final class DeviceFiles {
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NOFOLLOW = 0x20000;

    private DeviceFiles() {
    }

    /** open(2) read-write and close-on-exec: the descriptor, or -1 with {@link #lastError()} saying why. */
    public static int openReadWrite(String path) {
        return LibC.INSTANCE.open(path, O_RDWR | O_CLOEXEC);
    }

    /**
     * open(2) of a regular file with {@code flags} ({@code O_RDONLY} 0 or {@code O_WRONLY} 1; close-on-exec
     * and no-follow added: a symbolic link is refused), positioned at {@code offset}: the descriptor, or -1
     * with {@link #lastError()} saying why (nothing stays open).
     *
     * @throws IllegalStateException when the file cannot be positioned (it is closed again)
     */
    public static int openAt(String path, int flags, long offset) {
        int fd = LibC.INSTANCE.open(path, flags | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0 && LibC.INSTANCE.lseek(fd, offset, 0) != offset) {
            String error = lastError();
            LibC.INSTANCE.close(fd);
            throw new IllegalStateException("cannot seek " + path + " to " + offset + ": " + error);
        }
        return fd;
    }

    /** strerror of this thread's last failed libc call. */
    public static String lastError() {
        return LibC.INSTANCE.strerror(LastError.getLastError(Runtime.getRuntime(LibC.INSTANCE)));
    }
}
