package io.jqemu.launcher.vm;

import io.jqemu.launcher.ExitStatus;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.host.internal.ProcessCalls;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every QEMU of this JVM from one thread: a pidfd per process (pidfd_open(2), Linux 5.3
 * and later) in one epoll set. A child of this JVM is reaped with waitpid(2), which gives its exit
 * status; any other process (a re-attached QEMU) only reports that it has gone.
 *
 * <p>The thread runs while there is something to watch and ends with the last process, so an idle
 * JVM keeps no thread of it. Exits are reported on virtual threads, never on the watching thread.
 */
final class ProcessWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatcher.class);
    private static final ProcessWatcher INSTANCE = new ProcessWatcher();
    /** The same number on every architecture (the syscall table was unified before pidfd_open). */
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 0x001;
    private static final int EINTR = 4;
    private static final int ESRCH = 3;
    private static final int MAX_EVENTS = 64;
    /** struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16 bytes). */
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;

    private record Watch(long pid, int pidfd, boolean child, CompletableFuture<ExitStatus> exit) {
    }

    private final ProcessCalls libc = ProcessCalls.INSTANCE;
    private final Runtime runtime = Runtime.getRuntime(libc);
    /** By watch number (a process may be watched twice: as this JVM's child and re-attached). */
    private final Map<Long, Watch> watched = new ConcurrentHashMap<>();
    private final AtomicLong nextWatch = new AtomicLong();
    private int epollFd = -1;
    private boolean running;

    private ProcessWatcher() {
    }

    /** The watcher of this JVM. */
    static ProcessWatcher instance() {
        return INSTANCE;
    }

    /**
     * Starts watching a process.
     *
     * @param pid its pid
     * @param child whether this JVM started it (then it is reaped here and its exit code known)
     * @return completes, on a virtual thread, with the exit status once the process is gone
     */
    CompletableFuture<ExitStatus> watch(long pid, boolean child) {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        int pidfd = libc.syscall(SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            int errno = LastError.getLastError(runtime);
            if (errno != ESRCH) {
                throw new LauncherException("cannot watch process " + pid + ": pidfd_open: " + libc.strerror(errno)
                        + " (jqemu needs Linux 5.3 or later)");
            }
            Watch gone = new Watch(pid, -1, child, exit);
            Thread.ofVirtual().name("jqemu-exit-" + pid).start(() -> report(gone));
            return exit;
        }
        Watch watch = new Watch(pid, pidfd, child, exit);
        long number = nextWatch.incrementAndGet();
        synchronized (this) {
            if (epollFd < 0) {
                epollFd = libc.epoll_create1(EPOLL_CLOEXEC);
                if (epollFd < 0) {
                    libc.close(pidfd);
                    throw new LauncherException("cannot watch process " + pid + ": epoll_create1: " + lastError());
                }
            }
            watched.put(number, watch);
            Pointer event = Memory.allocateDirect(runtime, EVENT_SIZE, true);
            event.putInt(0, EPOLLIN);
            event.putLong(DATA_OFFSET, number);
            if (libc.epoll_ctl(epollFd, EPOLL_CTL_ADD, pidfd, event) != 0) {
                String error = lastError();
                watched.remove(number);
                libc.close(pidfd);
                throw new LauncherException("cannot watch process " + pid + ": epoll_ctl: " + error);
            }
            if (!running) {
                running = true;
                Thread.ofPlatform().daemon().name("jqemu-process-watcher").start(this::run);
            }
        }
        return exit;
    }

    /** How many processes are watched now. */
    int watchedCount() {
        return watched.size();
    }

    private void run() {
        Pointer events = Memory.allocateDirect(runtime, (long) EVENT_SIZE * MAX_EVENTS, true);
        int fd;
        synchronized (this) {
            fd = epollFd;
        }
        while (true) {
            int ready = libc.epoll_wait(fd, events, MAX_EVENTS, -1);
            if (ready < 0) {
                int errno = LastError.getLastError(runtime);
                if (errno != EINTR) {
                    LOG.error("process watcher stopped: epoll_wait: {}", libc.strerror(errno));
                    synchronized (this) {
                        running = false;
                    }
                    return;
                }
            }
            for (int i = 0; i < ready; i++) {
                Watch watch = watched.remove(events.getLong((long) i * EVENT_SIZE + DATA_OFFSET));
                if (watch != null) {
                    // closing the pidfd removes it from the epoll set
                    libc.close(watch.pidfd());
                    Thread.ofVirtual().name("jqemu-exit-" + watch.pid()).start(() -> report(watch));
                }
            }
            synchronized (this) {
                if (watched.isEmpty()) {
                    running = false;
                    return;
                }
            }
        }
    }

    private void report(Watch watch) {
        ExitStatus status = watch.child() ? reap(watch.pid()) : ExitStatus.unknown();
        watch.exit().complete(status);
    }

    /** waitpid(2) for a child that has exited: the JDK's encoding (exit code, or 128 + signal). */
    private ExitStatus reap(long pid) {
        Pointer status = Memory.allocateDirect(runtime, Integer.BYTES, true);
        while (true) {
            int result = libc.waitpid((int) pid, status, 0);
            if (result == pid) {
                int raw = status.getInt(0);
                int signal = raw & 0x7f;
                return signal == 0 ? ExitStatus.of((raw >> 8) & 0xff) : ExitStatus.of(128 + signal);
            }
            int errno = LastError.getLastError(runtime);
            if (result < 0 && errno != EINTR) {
                LOG.debug("waitpid({}): {}", pid, libc.strerror(errno));
                return ExitStatus.unknown();
            }
        }
    }

    private String lastError() {
        return libc.strerror(LastError.getLastError(runtime));
    }
}
