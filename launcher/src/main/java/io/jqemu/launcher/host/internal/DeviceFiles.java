package io.jqemu.launcher.host.internal;

import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/** Opens device files the way the launcher needs them (read-write, close-on-exec). Not API. */
public final class DeviceFiles {
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;

    private DeviceFiles() {
    }

    /** open(2) read-write and close-on-exec: the descriptor, or -1 with {@link #lastError()} saying why. */
    public static int openReadWrite(String path) {
        return LibC.INSTANCE.open(path, O_RDWR | O_CLOEXEC);
    }

    /** strerror of this thread's last failed libc call. */
    public static String lastError() {
        return LibC.INSTANCE.strerror(LastError.getLastError(Runtime.getRuntime(LibC.INSTANCE)));
    }
}
