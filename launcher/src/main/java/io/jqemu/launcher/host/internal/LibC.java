package io.jqemu.launcher.host.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/** The few libc calls the launcher makes directly (tap devices, bridge ports, thread affinity). Not API. */
public interface LibC {
    /** The loaded C library. */
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    /** open(2). */
    @SaveError
    int open(String path, int flags);

    /** lseek(2). */
    @SaveError
    long lseek(int fd, long offset, int whence);

    /** close(2). */
    int close(int fd);

    /** ioctl(2) with a pointer argument. */
    @SaveError
    int ioctl(int fd, long request, Pointer argument);

    /** ioctl(2) with an integer argument. */
    @SaveError
    int ioctl(int fd, long request, long argument);

    /** socket(2). */
    @SaveError
    int socket(int domain, int type, int protocol);

    /** send(2). */
    @SaveError
    long send(int fd, Pointer buffer, long length, int flags);

    /** recv(2). */
    @SaveError
    long recv(int fd, Pointer buffer, long length, int flags);

    /** if_nametoindex(3): 0 when no such interface exists. */
    int if_nametoindex(String name);

    /** sched_setaffinity(2): {@code pid} is a thread id (0 for the caller). */
    @SaveError
    int sched_setaffinity(int pid, long cpusetsize, Pointer mask);

    /** sched_getaffinity(2); returns the mask size the kernel wrote. */
    @SaveError
    int sched_getaffinity(int pid, long cpusetsize, Pointer mask);

    /** strerror(3). */
    String strerror(int errno);
}
