package io.jqemu.launcher.host.need;

import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.vm.LiveProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The helper processes of a VM as the host's {@code /proc} shows them: found by their executable and
 * their socket (which is unique to the VM: it lives in the VM's private runtime directory), ended with
 * SIGTERM, then SIGKILL.
 */
final class HelperProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(HelperProcesses.class);
    /** The Flags of a listening socket in {@code /proc/net/unix} ({@code __SO_ACCEPTCON}). */
    private static final String LISTENING = "00010000";

    private final HostRoot host;
    private final Duration termTimeout;
    private final Duration killTimeout;

    HelperProcesses(HostRoot host, Duration termTimeout, Duration killTimeout) {
        this.host = host;
        this.termTimeout = termTimeout;
        this.killTimeout = killTimeout;
    }

    /** Whether some process listens on the unix socket {@code socket} (without connecting to it). */
    boolean listening(Path socket) {
        Optional<String> table = host.read("/proc/net/unix");
        if (table.isEmpty()) {
            return false;
        }
        String path = socket.toString();
        for (String line : table.get().split("\n")) {
            String[] f = line.trim().split("\\s+", 8);
            if (f.length == 8 && f[7].equals(path) && f[3].equals(LISTENING)) {
                return true;
            }
        }
        return false;
    }

    /** The pids of the processes running {@code executable} with an argument that contains {@code socket}. */
    List<Long> find(String executable, Path socket) {
        String name = Path.of(executable).getFileName().toString();
        String needle = socket.toString();
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (String entry : host.list("/proc")) {
            if (!entry.chars().allMatch(Character::isDigit) || Long.parseLong(entry) == self) {
                continue;
            }
            String[] argv = commandLine(entry);
            if (argv.length == 0 || argv[0].isEmpty()) {
                continue;
            }
            boolean sameProgram = Path.of(argv[0]).getFileName() != null
                    && Path.of(argv[0]).getFileName().toString().equals(name);
            boolean ownSocket = false;
            for (int i = 1; i < argv.length && !ownSocket; i++) {
                ownSocket = argv[i].contains(needle);
            }
            if (sameProgram && ownSocket) {
                found.add(Long.parseLong(entry));
            }
        }
        return found;
    }

    /** The arguments of process {@code pid}; none when it is gone or a zombie. */
    private String[] commandLine(String pid) {
        try {
            byte[] bytes = Files.readAllBytes(host.path("/proc/" + pid + "/cmdline"));
            return bytes.length == 0 ? new String[0] : new String(bytes, StandardCharsets.UTF_8).split("\0");
        } catch (IOException e) {
            return new String[0]; // it ended meanwhile, or is not ours to read
        }
    }

    /** Ends every process of {@link #find}: SIGTERM, then SIGKILL when it outlives the bound. */
    void end(String executable, Path socket) {
        for (long pid : find(executable, socket)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                continue;
            }
            LOG.debug("SIGTERM to {} pid {} ({})", executable, pid, socket);
            handle.get().destroy();
            if (!await(handle.get(), termTimeout)) {
                LOG.warn("{} pid {} outlived SIGTERM by {}; sending SIGKILL", executable, pid, termTimeout);
                handle.get().destroyForcibly();
                if (!await(handle.get(), killTimeout)) {
                    throw new HostException("cannot end " + executable + " pid " + pid + " (listening on " + socket
                            + "): it outlived SIGKILL by " + killTimeout);
                }
            }
        }
    }

    /**
     * Waits until the process has ended. A helper whose controlling JVM died is init's child: it stays a
     * zombie until init reaps it, which {@link ProcessHandle#onExit()} would wait for; the kernel's state
     * says at once that it has exited.
     */
    private static boolean await(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (LiveProcesses.running(handle)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                handle.onExit().get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not reaped by us (or not yet): ask the kernel again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !LiveProcesses.running(handle);
            }
        }
        return true;
    }
}
