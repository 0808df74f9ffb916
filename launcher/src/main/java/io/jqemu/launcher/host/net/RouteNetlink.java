package io.jqemu.launcher.host.net;

import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.internal.LibC;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** Sends rtnetlink requests to the kernel and waits for their acknowledgement (in the calling thread's namespace). */
final class RouteNetlink {
    static final short RTM_NEWLINK = 16;
    static final short RTM_DELLINK = 17;
    static final short NLM_F_REQUEST = 0x1;
    static final short NLM_F_ACK = 0x4;
    static final short NLM_F_EXCL = 0x200;
    static final short NLM_F_CREATE = 0x400;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final short NLMSG_ERROR = 2;
    private static final int REPLY_SIZE = 8192;

    private final LibC libc = LibC.INSTANCE;
    private final Runtime runtime = Runtime.getRuntime(libc);

    /**
     * Sends {@code message} and returns the kernel's answer: 0 on success, else a positive errno.
     *
     * @param what what the request does, for errors of the socket itself
     */
    int request(byte[] message, String what) {
        int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw new HostException(what + ": cannot open a netlink socket: " + libc.strerror(errno()));
        }
        try {
            Pointer request = Memory.allocateDirect(runtime, message.length);
            request.put(0, message, 0, message.length);
            if (libc.send(fd, request, message.length, 0) < 0) {
                throw new HostException(what + ": netlink send failed: " + libc.strerror(errno()));
            }
            Pointer reply = Memory.allocateDirect(runtime, REPLY_SIZE, true);
            if (libc.recv(fd, reply, REPLY_SIZE, 0) < 16) {
                throw new HostException(what + ": no netlink acknowledgement: " + libc.strerror(errno()));
            }
            if (reply.getShort(4) != NLMSG_ERROR) {
                throw new HostException(what + ": unexpected netlink reply type " + reply.getShort(4));
            }
            return -reply.getInt(16);
        } finally {
            libc.close(fd);
        }
    }

    /** The text of an errno. */
    String describe(int errno) {
        return libc.strerror(errno);
    }

    private int errno() {
        return LastError.getLastError(runtime);
    }
}
