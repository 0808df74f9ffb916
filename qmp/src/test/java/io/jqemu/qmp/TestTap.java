package io.jqemu.qmp;

import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;

/**
 * Test-only: opens a fresh tap device through /dev/net/tun (TUNSETIFF). The interface exists only
 * while a descriptor to it is open and is never brought up, so it carries no traffic.
 */
final class TestTap {
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;

    /** The few libc functions needed. */
    public interface LibC {
        int open(String path, int flags);

        int ioctl(int fd, long request, byte[] arg);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private TestTap() {
    }

    /**
     * Creates a tap.
     *
     * @param name interface name (at most 15 bytes)
     * @return the open tap descriptor
     */
    static int open(String name) {
        int fd = LIBC.open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("cannot open /dev/net/tun");
        }
        byte[] ifreq = new byte[40];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ifreq, 0, n.length);
        short flags = (short) (IFF_TAP | IFF_NO_PI);
        ifreq[16] = (byte) (flags & 0xff);
        ifreq[17] = (byte) ((flags >> 8) & 0xff);
        if (LIBC.ioctl(fd, TUNSETIFF, ifreq) < 0) {
            LIBC.close(fd);
            throw new IllegalStateException("TUNSETIFF " + name + " failed");
        }
        return fd;
    }

    static void close(int fd) {
        LIBC.close(fd);
    }
}
