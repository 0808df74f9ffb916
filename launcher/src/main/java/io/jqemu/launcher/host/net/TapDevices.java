package io.jqemu.launcher.host.net;

import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.internal.DeviceFiles;
import io.jqemu.launcher.host.internal.LibC;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent tap interfaces and bridge ports, made with {@code /dev/net/tun} and socket ioctls
 * (no {@code ip}, no shell). Works in the network namespace of the calling thread.
 */
public final class TapDevices {
    private static final Logger LOG = LoggerFactory.getLogger(TapDevices.class);
    /** The longest interface name the kernel accepts (IFNAMSIZ - 1). */
    public static final int MAX_NAME_BYTES = 15;

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETPERSIST = 0x400454cbL;
    private static final long TUNSETOWNER = 0x400454ccL;
    private static final long TUNSETGROUP = 0x400454ceL;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCBRADDIF = 0x89a2;
    private static final long SIOCBRDELIF = 0x89a3;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_TUN_EXCL = (short) 0x8000;
    private static final short IFF_UP = 0x1;
    private static final int IFREQ_SIZE = 40;
    private static final int IFREQ_UNION = 16;
    private static final int EINVAL = 22;

    private final LibC libc;
    private final Runtime runtime;

    /** Uses the C library of this process. */
    public TapDevices() {
        this.libc = LibC.INSTANCE;
        this.runtime = Runtime.getRuntime(libc);
    }

    /** Checks an interface name, naming the field when it cannot be one. */
    public static void checkName(String fieldPath, String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_NAME_BYTES || name.contains("/") || name.chars().anyMatch(Character::isWhitespace)
                || name.equals(".") || name.equals("..")) {
            throw new HostException(fieldPath + ": '" + name + "' is not a valid interface name (1 to "
                    + MAX_NAME_BYTES + " bytes, no '/' or spaces)");
        }
    }

    /** Whether an interface of that name exists. */
    public boolean exists(String name) {
        return libc.if_nametoindex(name) != 0;
    }

    /**
     * Creates a persistent tap and brings it up. All or nothing: when the name is taken nothing
     * happens (an existing interface is never touched), and a tap this call made is removed again
     * when a later step fails.
     *
     * @param fieldPath the configuration field, named in errors
     */
    public void create(String fieldPath, String name) {
        checkName(fieldPath, name);
        int fd = openTun(fieldPath);
        try {
            Pointer ifr = ifreq(name);
            ifr.putShort(IFREQ_UNION, (short) (IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL));
            check(libc.ioctl(fd, TUNSETIFF, ifr), fieldPath, "creating tap " + name);
            // from here the tap is ours; without TUNSETPERSIST it vanishes when fd closes
            check(libc.ioctl(fd, TUNSETPERSIST, 1L), fieldPath, "making tap " + name + " persistent");
        } finally {
            libc.close(fd);
        }
        try {
            bringUp(fieldPath, name);
        } catch (HostException e) {
            remove(name);
            throw e;
        }
        LOG.info("created tap {}", name);
    }

    /**
     * Gives an existing persistent tap to a user and group ({@code TUNSETOWNER}, {@code TUNSETGROUP}), so
     * that a process running as that user can attach to it by name without any privilege.
     *
     * @param fieldPath the configuration field, named in errors
     */
    public void setOwner(String fieldPath, String name, int uid, int gid) {
        int fd = openTun(fieldPath);
        try {
            Pointer ifr = ifreq(name);
            ifr.putShort(IFREQ_UNION, (short) (IFF_TAP | IFF_NO_PI));
            check(libc.ioctl(fd, TUNSETIFF, ifr), fieldPath, "opening tap " + name);
            check(libc.ioctl(fd, TUNSETOWNER, (long) uid), fieldPath, "giving tap " + name + " to uid " + uid);
            check(libc.ioctl(fd, TUNSETGROUP, (long) gid), fieldPath, "giving tap " + name + " to gid " + gid);
        } finally {
            libc.close(fd);
        }
        LOG.info("gave tap {} to uid {} gid {}", name, uid, gid);
    }

    /** Adds the tap to a bridge as a port. */
    public void attach(String fieldPath, String name, String bridge) {
        checkName(fieldPath, bridge);
        int index = libc.if_nametoindex(name);
        if (index == 0) {
            throw new HostException(fieldPath + ": tap " + name + " does not exist");
        }
        if (libc.if_nametoindex(bridge) == 0) {
            throw new HostException(fieldPath + ": bridge " + bridge + " does not exist on this host");
        }
        bridgeIoctl(SIOCBRADDIF, bridge, index, fieldPath, "adding " + name + " to bridge " + bridge);
        LOG.info("attached tap {} to bridge {}", name, bridge);
    }

    /** Removes the tap from the bridge; nothing happens when either is gone or it is not a port. */
    public void detach(String name, String bridge) {
        int index = libc.if_nametoindex(name);
        if (index == 0 || libc.if_nametoindex(bridge) == 0) {
            return;
        }
        int sock = openSocket("detach");
        try {
            Pointer ifr = ifreq(bridge);
            ifr.putInt(IFREQ_UNION, index);
            if (libc.ioctl(sock, SIOCBRDELIF, ifr) < 0 && errno() != EINVAL) {
                throw new HostException("removing " + name + " from bridge " + bridge + " failed: "
                        + libc.strerror(errno()));
            }
        } finally {
            libc.close(sock);
        }
    }

    /** Deletes a persistent tap; nothing happens when it does not exist. */
    public void remove(String name) {
        if (!exists(name)) {
            return;
        }
        int fd = openTun("remove");
        try {
            Pointer ifr = ifreq(name);
            ifr.putShort(IFREQ_UNION, (short) (IFF_TAP | IFF_NO_PI));
            check(libc.ioctl(fd, TUNSETIFF, ifr), "tap " + name, "opening tap " + name + " for removal");
            check(libc.ioctl(fd, TUNSETPERSIST, 0L), "tap " + name, "making tap " + name + " non-persistent");
        } finally {
            libc.close(fd);
        }
        LOG.info("removed tap {}", name);
    }

    /** Sets an existing interface up ({@code SIOCSIFFLAGS} with {@code IFF_UP}). */
    public void bringUp(String fieldPath, String name) {
        int sock = openSocket(fieldPath);
        try {
            Pointer ifr = ifreq(name);
            check(libc.ioctl(sock, SIOCGIFFLAGS, ifr), fieldPath, "reading flags of " + name);
            ifr.putShort(IFREQ_UNION, (short) (ifr.getShort(IFREQ_UNION) | IFF_UP));
            check(libc.ioctl(sock, SIOCSIFFLAGS, ifr), fieldPath, "bringing " + name + " up");
        } finally {
            libc.close(sock);
        }
    }

    private void bridgeIoctl(long request, String bridge, int index, String fieldPath, String what) {
        int sock = openSocket(fieldPath);
        try {
            Pointer ifr = ifreq(bridge);
            ifr.putInt(IFREQ_UNION, index);
            check(libc.ioctl(sock, request, ifr), fieldPath, what);
        } finally {
            libc.close(sock);
        }
    }

    private int openTun(String fieldPath) {
        int fd = DeviceFiles.openReadWrite("/dev/net/tun");
        if (fd < 0) {
            throw new HostException(fieldPath + ": cannot open /dev/net/tun: " + DeviceFiles.lastError());
        }
        return fd;
    }

    private int openSocket(String fieldPath) {
        int sock = libc.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (sock < 0) {
            throw new HostException(fieldPath + ": cannot open a control socket: " + libc.strerror(errno()));
        }
        return sock;
    }

    private Pointer ifreq(String name) {
        Pointer ifr = Memory.allocateDirect(runtime, IFREQ_SIZE, true);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        ifr.put(0, bytes, 0, bytes.length);
        ifr.putByte(bytes.length, (byte) 0);
        return ifr;
    }

    private void check(int result, String fieldPath, String what) {
        if (result < 0) {
            throw new HostException(fieldPath + ": " + what + " failed: " + libc.strerror(errno()));
        }
    }

    private int errno() {
        return LastError.getLastError(runtime);
    }
}
