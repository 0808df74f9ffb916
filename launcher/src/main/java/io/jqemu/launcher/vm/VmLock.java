package io.jqemu.launcher.vm;

import io.jqemu.launcher.VmController;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.VmLockedException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The one-controller-per-VM lock: an exclusive {@code flock(2)} on {@value #FILE_NAME} in the VM's
 * state directory, held by whoever controls the VM (a launch or re-attach) until it lets go
 * ({@link #close()}) or its process dies (the kernel releases it; the descriptor is close-on-exec,
 * so QEMU never inherits it). A flock belongs to one open file description: a second holder in the
 * same JVM is refused just like one in another process. The holder writes its pid, start time and
 * command into the file, where a refused controller reads them for its error.
 *
 * <p>{@link #awaitTurn} is the second lock of the family ({@value #TURN_FILE_NAME}): short-lived
 * callers that want the VM for one request (the CLI's management commands) queue on it, sleeping
 * in the kernel, so that only one of them at a time tries for the controller lock.
 */
public final class VmLock implements AutoCloseable {
    /** The lock file's name in the state directory; never deleted, so every controller locks the same file. */
    public static final String FILE_NAME = "controller.lock";
    /** The file {@link #awaitTurn} locks in the state directory. */
    public static final String TURN_FILE_NAME = "requests.lock";

    private static final POSIX POSIX = POSIXFactory.getPOSIX();
    private static final int O_RDWR = 02;
    private static final int O_CREAT = 0100;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int EINTR = 4;
    private static final int EWOULDBLOCK = 11;
    private static final int MAX_COMMAND = 300;
    /** How long a refused controller waits for the holder to record who it is (it writes right after locking). */
    private static final Duration HOLDER_GRACE = Duration.ofSeconds(2);

    private final Path file;
    private int fd;

    private VmLock(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /** Whether the process that recorded {@code holder} is still alive (and still that process). */
    private static boolean alive(VmController holder) {
        Optional<ProcessHandle> process = ProcessHandle.of(holder.pid()).filter(LiveProcesses::running);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> now = process.get().info().startInstant();
        return holder.started().isEmpty() || now.isEmpty() || now.equals(holder.started());
    }


    /**
     * Takes VM {@code vmName}'s lock in {@code stateDir} (which must exist) at once.
     *
     * @param command how the holder names itself to a refused controller
     * @throws VmLockedException when another controller holds it, naming the holder
     * @throws LauncherException when the lock file cannot be opened or locked
     */
    public static VmLock acquire(Path stateDir, String vmName, String command) {
        Path file = stateDir.resolve(FILE_NAME);
        long deadline = System.nanoTime() + HOLDER_GRACE.toNanos();
        while (true) {
            int fd = POSIX.open(file.toString(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0) {
                throw new LauncherException("cannot open the lock file " + file + ": " + POSIX.strerror(POSIX.errno()));
            }
            int errno = flock(fd);
            if (errno == 0 && !lockedFileIsNamed(fd, file)) {
                POSIX.close(fd); // locked a file removed meanwhile: lock the one the path names now
                if (System.nanoTime() > deadline) {
                    throw new LauncherException("cannot lock " + file + ": it keeps being replaced");
                }
                continue;
            }
            if (errno == 0) {
                VmLock lock = new VmLock(file, fd);
                lock.record(command);
                return lock;
            }
            POSIX.close(fd);
            if (errno != EWOULDBLOCK) {
                throw new LauncherException("cannot lock " + file + ": " + POSIX.strerror(errno));
            }
            // the holder writes who it is right after locking, and clears it before letting go: an
            // empty or dead record means one of those moments, so look again (the lock may be free)
            Optional<VmController> holder = readHolder(file).filter(VmLock::alive);
            if (holder.isPresent() || System.nanoTime() > deadline) {
                throw new VmLockedException(vmName, holder);
            }
            sleep();
        }
    }

    /**
     * Waits (in the kernel, without polling) until this caller has the VM's request turn: an
     * exclusive lock on {@value #TURN_FILE_NAME} that callers needing the VM for a short while take
     * before they try {@link #acquire}, so that they take turns instead of all competing for it.
     *
     * @param command how the holder names itself
     * @param timeout how long to wait at most
     * @throws VmLockedException when the turn did not come within {@code timeout}, naming the holder
     */
    public static VmLock awaitTurn(Path stateDir, String vmName, String command, Duration timeout) {
        Path file = stateDir.resolve(TURN_FILE_NAME);
        int fd = POSIX.open(file.toString(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            throw new LauncherException("cannot open the lock file " + file + ": " + POSIX.strerror(POSIX.errno()));
        }
        VmLock turn = new VmLock(file, -1);
        CompletableFuture<Integer> locked = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("jqemu-turn-" + vmName).start(() -> locked.complete(blockingFlock(fd)));
        try {
            int errno = locked.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (errno != 0) {
                POSIX.close(fd);
                throw new LauncherException("cannot lock " + file + ": " + POSIX.strerror(errno));
            }
            turn.taken(fd, command);
            return turn;
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the waiting thread lets go of the lock the moment it gets it
            locked.thenRun(() -> POSIX.close(fd));
            throw new VmLockedException(vmName, readHolder(file).filter(VmLock::alive));
        } catch (ExecutionException e) {
            POSIX.close(fd);
            throw new LauncherException("cannot lock " + file + ": " + e.getCause(), e.getCause());
        }
    }

    private synchronized void taken(int lockedFd, String command) {
        this.fd = lockedFd;
        record(command);
    }

    /** flock(LOCK_EX), waiting, retried on EINTR: 0, or the errno. */
    private static int blockingFlock(int fd) {
        while (true) {
            if (POSIX.flock(fd, LOCK_EX) == 0) {
                return 0;
            }
            int errno = POSIX.errno();
            if (errno != EINTR) {
                return errno;
            }
        }
    }

    /** Who holds the lock in {@code stateDir} as recorded there (it may have let go since). */
    public static Optional<VmController> holder(Path stateDir) {
        return readHolder(stateDir.resolve(FILE_NAME)).filter(VmLock::alive);
    }

    /** Lets go of the lock (clearing the holder record first); idempotent. */
    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        POSIX.ftruncate(fd, 0);
        POSIX.close(fd);
        fd = -1;
    }

    /** Whether this handle still holds the lock. */
    public synchronized boolean held() {
        return fd >= 0;
    }

    @Override
    public String toString() {
        return "VmLock[" + file + (held() ? ", held" : ", released") + "]";
    }

    /** flock(LOCK_EX | LOCK_NB), retried on EINTR: 0, or the errno. */
    private static int flock(int fd) {
        while (true) {
            if (POSIX.flock(fd, LOCK_EX | LOCK_NB) == 0) {
                return 0;
            }
            int errno = POSIX.errno();
            if (errno != EINTR) {
                return errno;
            }
        }
    }

    /** Whether {@code file} still names the file {@code fd} has open (and locked). */
    private static boolean lockedFileIsNamed(int fd, Path file) {
        try {
            FileStat locked = POSIX.fstat(fd);
            long inode = (Long) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            long device = (Long) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            return locked.ino() == inode && locked.dev() == device;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes who holds the lock into the locked file. */
    private void record(String command) {
        ProcessHandle self = ProcessHandle.current();
        String text = "pid=" + self.pid() + "\n"
                + self.info().startInstant().map(s -> "started=" + s + "\n").orElse("")
                + "command=" + oneLine(command) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (POSIX.ftruncate(fd, 0) != 0 || POSIX.pwrite(fd, bytes, bytes.length, 0) != bytes.length) {
            int errno = POSIX.errno();
            close();
            throw new LauncherException("cannot write the lock file " + file + ": " + POSIX.strerror(errno));
        }
    }

    private static Optional<VmController> readHolder(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            String pid = p.getProperty("pid");
            String command = p.getProperty("command");
            if (pid == null || command == null) {
                return Optional.empty();
            }
            return Optional.of(new VmController(Long.parseLong(pid),
                    Optional.ofNullable(p.getProperty("started")).map(Instant::parse), command));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // half written: the caller looks again
            return Optional.empty();
        }
    }

    private static String oneLine(String command) {
        String line = command.replaceAll("[\\p{Cntrl}]", " ").strip();
        String shortened = line.length() <= MAX_COMMAND ? line : line.substring(0, MAX_COMMAND - 3) + "...";
        return shortened.replace("\\", "\\\\");
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while looking at who holds a VM's lock", e);
        }
    }
}
