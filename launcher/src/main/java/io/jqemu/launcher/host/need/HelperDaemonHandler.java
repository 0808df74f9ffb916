package io.jqemu.launcher.host.need;

import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.VmPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised helper process (swtpm, virtiofsd): its executable must exist and its socket path fit;
 * applying it journals the start, starts the argv (no shell) through util-linux {@code setsid} in its
 * own session (a terminal's Ctrl-C reaches the controller, never the helper), appends its stdout and
 * stderr to its log file ({@code 0600}), and waits until it listens on its socket. A helper that exits
 * or does not listen within the bound fails the launch with its own output. The undo ends it (SIGTERM,
 * then SIGKILL) and removes its socket; it finds the process by its command line, so a crashed
 * controller's helper is ended by the next controller's reconcile too.
 */
final class HelperDaemonHandler implements NeedHandler<HostResource.HelperDaemon> {
    private static final Logger LOG = LoggerFactory.getLogger(HelperDaemonHandler.class);
    /** util-linux {@code setsid}, at its place in Debian, Fedora and Arch (merged /usr). */
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int MAX_OUTPUT_CHARS = 4000;

    private final HelperProcesses processes;
    private final Duration readyTimeout;
    /** The sockets of helpers ended on purpose (until a helper starts there again): no warning for their exit. */
    private final Set<Path> ending = ConcurrentHashMap.newKeySet();

    HelperDaemonHandler(HelperProcesses processes, Duration readyTimeout) {
        this.processes = processes;
        this.readyTimeout = readyTimeout;
    }

    @Override
    public Stage stage() {
        return Stage.HELPERS;
    }

    @Override
    public void check(HostResource.HelperDaemon need, Inspection inspection) {
        String executable = need.argv().getFirst();
        if (Executables.find(executable).isEmpty()) {
            throw new HostException(need.fieldPath() + ": " + need.program() + " is not installed: " + executable
                    + (executable.contains("/") ? " is no executable file" : " is not on PATH") + " ("
                    + need.installHint() + ")");
        }
        int bytes = need.socket().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > VmPaths.MAX_SOCKET_PATH_BYTES) {
            throw new HostException(need.fieldPath() + ": the socket path " + need.socket() + " of " + need.program()
                    + " is " + bytes + " bytes; unix sockets allow at most " + VmPaths.MAX_SOCKET_PATH_BYTES);
        }
        Path dir = Path.of(need.socket()).toAbsolutePath().getParent();
        if (!dir.equals(inspection.paths().runtimeDir()) && !Files.isDirectory(dir)) {
            throw new HostException(need.fieldPath() + ": the directory " + dir + " of " + need.program()
                    + "'s socket does not exist");
        }
        if (!Files.isExecutable(SETSID)) {
            throw new HostException(need.fieldPath() + ": " + SETSID + " (util-linux) is missing; jqemu needs it to run "
                    + need.program() + " in its own session");
        }
    }

    @Override
    public void apply(HostResource.HelperDaemon need, Application application) {
        Path socket = Path.of(need.socket());
        Path log = Path.of(need.logFile());
        removeSocket(need.fieldPath(), socket);
        ending.remove(socket);
        long logStart = prepareLog(need, log);
        application.record(new HostChange.HelperStarted(need.fieldPath(), need.argv().getFirst(), socket));
        List<String> command = new ArrayList<>(need.argv().size() + 1);
        command.add(SETSID.toString());
        command.addAll(need.argv());
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new HostException(need.fieldPath() + ": cannot start " + need.program() + ": " + e.getMessage(), e);
        }
        awaitListening(need, process, socket, log, logStart);
        VmPaths.restrictSocket(socket);
        LOG.info("{}: started {} as pid {}, listening on {}", need.fieldPath(), need.program(), process.pid(), socket);
        process.onExit().thenAccept(p -> {
            // swtpm --terminate and virtiofsd end with status 0 when QEMU goes away: only a failure is news
            if (!ending.contains(socket) && p.exitValue() != 0) {
                LOG.warn("{}: {} (pid {}) exited with status {} while its VM needed it: {}", need.fieldPath(),
                        need.program(), p.pid(), p.exitValue(), output(log, logStart));
            }
        });
    }

    private void awaitListening(HostResource.HelperDaemon need, Process process, Path socket, Path log, long logStart) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!processes.listening(socket)) {
            if (!process.isAlive()) {
                int status = waitFor(process);
                throw new HostException(need.fieldPath() + ": " + need.program() + " exited during start (exit code "
                        + status + "): " + output(log, logStart));
            }
            if (System.nanoTime() > deadline) {
                throw new HostException(need.fieldPath() + ": " + need.program() + " did not listen on " + socket
                        + " within " + readyTimeout.toSeconds() + " s: " + output(log, logStart));
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException(need.fieldPath() + ": interrupted while waiting for " + need.program(), e);
            }
        }
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Creates the log file private ({@code 0600}) unless it exists; returns where this run's output starts. */
    private static long prepareLog(HostResource.HelperDaemon need, Path log) {
        try {
            if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return Files.size(log);
        } catch (IOException e) {
            throw new HostException(need.fieldPath() + ": cannot create " + need.program() + "'s log " + log + ": "
                    + e.getMessage(), e);
        }
    }

    /** What the helper wrote since {@code start} (the last {@value #MAX_OUTPUT_CHARS} characters), trimmed. */
    static String output(Path log, long start) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(start, Files.size(log)));
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "(no output; see " + log + ")";
            }
            return text.length() > MAX_OUTPUT_CHARS ? "..." + text.substring(text.length() - MAX_OUTPUT_CHARS) : text;
        } catch (IOException e) {
            return "(its log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private static void removeSocket(String fieldPath, Path socket) {
        try {
            if (HostPathCheck.isSocket(socket)) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new HostException(fieldPath + ": cannot remove the stale socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Ends the helper of {@code change} and removes its socket; nothing to do when it is gone already. */
    void undo(HostChange.HelperStarted change) {
        ending.add(change.socket());
        processes.end(change.executable(), change.socket());
        removeSocket(change.fieldPath(), change.socket());
    }

    @Override
    public String describe(HostResource.HelperDaemon need, Inspection inspection) {
        return "starts " + need.program() + " (" + String.join(" ", need.argv()) + "), listening on " + need.socket()
                + ", its output in " + need.logFile() + "; ended and its socket removed when the VM ends";
    }
}
