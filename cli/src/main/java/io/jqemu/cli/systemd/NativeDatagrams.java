package io.jqemu.cli.systemd;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/** The libc calls a unix datagram sender needs: the JDK has no unix datagram channel. Not API. */
public interface NativeDatagrams {
    /** AF_UNIX. */
    int AF_UNIX = 1;
    /** SOCK_DGRAM. */
    int SOCK_DGRAM = 2;
    /** SOCK_CLOEXEC: the socket is not inherited by processes jqemu starts. */
    int SOCK_CLOEXEC = 0x80000;
    /** MSG_NOSIGNAL. */
    int MSG_NOSIGNAL = 0x4000;

    /** socket(2). */
    @SaveError
    int socket(int domain, int type, int protocol);

    /** sendto(2) of {@code length} bytes of {@code buffer} to the address in {@code address}. */
    @SaveError
    long sendto(int fd, @In byte[] buffer, long length, int flags, @In byte[] address, int addressLength);

    /** close(2). */
    int close(int fd);

    /** strerror(3). */
    String strerror(int errno);

    /** The C library, loaded on first use. */
    static NativeDatagrams load() {
        return Holder.INSTANCE;
    }

    /** Loads libc once, when first asked. */
    final class Holder {
        static final NativeDatagrams INSTANCE = LibraryLoader.create(NativeDatagrams.class).load("c");

        private Holder() {
        }
    }
}
