package io.jqemu.launcher.vm;

import io.jqemu.launcher.ExitStatus;
import io.jqemu.launcher.LauncherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QEMU process: started from an argv list (never a shell) or found again by pid.
 *
 * <p>QEMU's stdout and stderr go straight into a log file in the VM's state directory, so the log
 * outlives this JVM; one log pump for all VMs copies every line to SLF4J and keeps the last ones for
 * error messages. {@link #onExit()} completes when the process is gone.
 *
 * <p>QEMU leads its own session and process group, so a terminal's Ctrl-C or a supervisor's signal
 * to the controller's process group reaches the controller (which presses the power button), never
 * QEMU directly. It is started through util-linux {@code setsid}: a child of the JVM is not a
 * process group leader, so {@code setsid} calls setsid(2) and execs QEMU in place, and the pid the
 * JVM sees is QEMU's own. The child is spawned with posix_spawn(3), not {@link ProcessBuilder}
 * (which keeps one JDK "process reaper" thread per child for the child's whole life): one
 * {@link ProcessWatcher} thread watches every QEMU of the JVM and reaps it, so the exit code stays
 * known. There is no shell anywhere in the chain.
 */
public final class QemuProcess {
    private static final Logger LOG = LoggerFactory.getLogger(QemuProcess.class);
    /** util-linux {@code setsid}, at its place in Debian, Fedora and Arch (merged /usr). */
    static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ProcessHandle handle;
    private final boolean child;
    private final Path logFile;
    private final LogTail tail;
    private final CompletableFuture<ExitStatus> exit;

    private QemuProcess(ProcessHandle handle, boolean child, Path logFile, LogTail tail) {
        this.handle = handle;
        this.child = child;
        this.logFile = logFile;
        this.tail = tail;
        // dependents run on the virtual thread that reports the exit, never on the watcher's thread
        this.exit = ProcessWatcher.instance().watch(handle.pid(), child).thenApply(status -> {
            tail.drainAndStop();
            LOG.debug("QEMU pid {} ended: {}", handle.pid(), status);
            return status;
        });
    }

    /**
     * Starts QEMU.
     *
     * @param argv the whole command line, binary first
     * @param logFile where QEMU's stdout and stderr are appended
     * @param name the VM's name, used in log output
     * @return the running process
     * @throws LauncherException when the binary cannot be started, or util-linux {@code setsid} is missing
     */
    public static QemuProcess start(List<String> argv, Path logFile, String name) {
        return start(SETSID, argv, logFile, name);
    }

    static QemuProcess start(Path setsid, List<String> argv, Path logFile, String name) {
        if (!Files.isExecutable(setsid)) {
            throw new LauncherException("cannot start QEMU for VM " + name + ": " + setsid
                    + " (util-linux) is missing or not executable; jqemu needs it to run QEMU in its own session,"
                    + " out of reach of a terminal's Ctrl-C (install util-linux)");
        }
        requireExecutable(argv.getFirst());
        List<String> command = new ArrayList<>(argv.size() + 1);
        command.add(setsid.toString());
        command.addAll(argv);
        long pid;
        long start;
        try {
            start = Files.exists(logFile) ? Files.size(logFile) : 0;
            pid = ChildSpawner.spawn(command, logFile);
        } catch (IOException | IllegalStateException e) {
            throw new LauncherException("cannot start QEMU binary " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        LOG.info("started QEMU for VM {} as pid {}", name, pid);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new LauncherException(
                "QEMU for VM " + name + " (pid " + pid + ") is not visible right after its start"));
        LogTail tail = newTail(logFile, start, name);
        tail.start();
        return new QemuProcess(handle, true, logFile, tail);
    }

    /**
     * Fails the way a direct spawn would when the binary is not there: {@code setsid} would only
     * report it after the fork, in the log.
     */
    private static void requireExecutable(String binary) {
        boolean found;
        if (binary.contains("/")) {
            found = Files.isExecutable(Path.of(binary));
        } else {
            String path = System.getenv().getOrDefault("PATH", "");
            found = java.util.Arrays.stream(path.split(":")).filter(d -> !d.isEmpty())
                    .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
        }
        if (!found) {
            throw new LauncherException("cannot start QEMU binary " + binary + ": "
                    + (binary.contains("/") ? "no such executable file" : "not found on PATH"));
        }
    }

    /**
     * Finds a QEMU started earlier (perhaps by another JVM).
     *
     * @param pid its process id
     * @param expectedStart when it was started; a different start time means the pid was reused
     * @param logFile its log file, followed from its current end
     * @param name the VM's name, used in log output
     * @return the process, or empty when it is no longer running
     */
    public static Optional<QemuProcess> attach(long pid, Instant expectedStart, Path logFile, String name) {
        Optional<ProcessHandle> found = ProcessHandle.of(pid)
                .filter(LiveProcesses::running)
                .filter(h -> h.info().startInstant().map(expectedStart::equals).orElse(false));
        return found.map(h -> {
            long start;
            try {
                start = Files.exists(logFile) ? Files.size(logFile) : 0;
            } catch (IOException e) {
                start = 0;
            }
            LogTail tail = newTail(logFile, start, name);
            tail.start();
            return new QemuProcess(h, false, logFile, tail);
        });
    }

    private static LogTail newTail(Path logFile, long start, String name) {
        Logger qemuLog = LoggerFactory.getLogger("io.jqemu.launcher.qemu." + name);
        return new LogTail(logFile, start,
                VmLogContext.wrap(name, (String line) -> qemuLog.warn("[{}] {}", name, line)));
    }

    /** The process id. */
    public long pid() {
        return handle.pid();
    }

    /** When the process started, as the operating system reports it. */
    public Optional<Instant> startInstant() {
        return handle.info().startInstant();
    }

    /** Whether QEMU is still running. */
    public boolean isAlive() {
        return !exit.isDone() && handle.isAlive();
    }

    /** Completes with the exit status once QEMU has exited (and its log has been read to the end). */
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    /** Whether this JVM started the process (and so can read its exit code). */
    public boolean isChild() {
        return child;
    }

    /** Sends SIGTERM. */
    public void terminate() {
        LOG.debug("SIGTERM to QEMU pid {}", pid());
        handle.destroy();
    }

    /** Sends SIGKILL. */
    public void kill() {
        LOG.debug("SIGKILL to QEMU pid {}", pid());
        handle.destroyForcibly();
    }

    /** The log file QEMU writes to. */
    public Path logFile() {
        return logFile;
    }

    /** The last lines QEMU wrote (stderr and stdout), joined by newlines. */
    public String recentOutput() {
        return String.join("\n", tail.recentLines());
    }
}
