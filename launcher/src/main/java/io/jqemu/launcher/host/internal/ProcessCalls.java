package io.jqemu.launcher.host.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls that start QEMU without a JDK reaper thread and watch every QEMU from one thread:
 * posix_spawn(3) with its file actions, pidfd_open(2), epoll(7) and waitpid(2). Not API.
 */
public interface ProcessCalls {
    /** The loaded C library. */
    ProcessCalls INSTANCE = LibraryLoader.create(ProcessCalls.class).load("c");

    /** posix_spawn(3): 0, or the error number. */
    int posix_spawn(Pointer pid, String path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer envp);

    /** posix_spawn_file_actions_init(3). */
    int posix_spawn_file_actions_init(Pointer fileActions);

    /** posix_spawn_file_actions_destroy(3). */
    int posix_spawn_file_actions_destroy(Pointer fileActions);

    /** posix_spawn_file_actions_addopen(3). */
    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

    /** posix_spawn_file_actions_adddup2(3). */
    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    /** posix_spawn_file_actions_addclosefrom_np(3) (glibc 2.34 and later). */
    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int lowFd);

    /** posix_spawnattr_init(3). */
    int posix_spawnattr_init(Pointer attributes);

    /** posix_spawnattr_destroy(3). */
    int posix_spawnattr_destroy(Pointer attributes);

    /** posix_spawnattr_setflags(3). */
    int posix_spawnattr_setflags(Pointer attributes, short flags);

    /** posix_spawnattr_setsigmask(3). */
    int posix_spawnattr_setsigmask(Pointer attributes, Pointer signalSet);

    /** sigemptyset(3). */
    int sigemptyset(Pointer signalSet);

    /** syscall(2) with two arguments (pidfd_open). */
    @SaveError
    int syscall(long number, long first, long second);

    /** epoll_create1(2). */
    @SaveError
    int epoll_create1(int flags);

    /** epoll_ctl(2). */
    @SaveError
    int epoll_ctl(int epollFd, int operation, int fd, Pointer event);

    /** epoll_wait(2). */
    @SaveError
    int epoll_wait(int epollFd, Pointer events, int maxEvents, int timeoutMillis);

    /** waitpid(2). */
    @SaveError
    int waitpid(int pid, Pointer status, int options);

    /** close(2). */
    int close(int fd);

    /** strerror(3). */
    String strerror(int errno);
}
