package io.jqemu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real QEMU ({@link QemuBinary}) started paused ({@code -S}) with no guest running, its output in a
 * log file and its QMP socket open. Either a minimal q35 machine plus extra options
 * ({@link #start(String...)}, two QMP monitors in a fresh private directory, removed on close) or a
 * complete argv a test rendered ({@link #start(List, Path, Path)}). Closing quits QEMU (over
 * {@link #qmp()} when the test used it, by SIGTERM otherwise) and kills it after
 * {@link TestTimeouts#QEMU_EXIT}. Tests that use it carry {@link RequiresQemu}.
 */
public final class PausedQemu implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final boolean ownsDir;
    private final Path log;
    private final Path qmpSocket;
    private final Optional<Path> secondQmpSocket;
    private TestQmp qmp;

    private PausedQemu(Process process, Path dir, boolean ownsDir, Path log, Path qmpSocket, Optional<Path> second) {
        this.process = process;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.log = log;
        this.qmpSocket = qmpSocket;
        this.secondQmpSocket = second;
    }

    /**
     * The argv of a minimal paused machine (q35, TCG, 128 MiB, no devices, no monitor, no display)
     * followed by {@code extra}, for tests that start the process themselves.
     */
    public static List<String> argv(String... extra) {
        List<String> argv = new ArrayList<>(List.of(QemuBinary.path(), "-S", "-nodefaults", "-no-user-config",
                "-display", "none", "-machine", "q35", "-accel", "tcg", "-m", "128"));
        argv.addAll(List.of(extra));
        return argv;
    }

    /**
     * Starts {@link #argv(String...)} with two QMP monitors ({@link #qmpSocket()},
     * {@link #secondQmpSocket()}) in a fresh directory and returns once QEMU has greeted on the first
     * (and been left again, so the monitor is free for the test's own client). Fails with QEMU's
     * output and the argv when QEMU exits first.
     */
    public static PausedQemu start(String... extra) {
        List<String> argv = argv(extra);
        Path dir;
        try {
            dir = Files.createTempDirectory("jqemu-qemu-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path first = dir.resolve("qmp.sock");
        Path second = dir.resolve("qmp2.sock");
        argv.addAll(List.of("-chardev", "socket,id=qmp,path=" + first + ",server=on,wait=off",
                "-mon", "chardev=qmp,mode=control",
                "-chardev", "socket,id=qmp2,path=" + second + ",server=on,wait=off",
                "-mon", "chardev=qmp2,mode=control"));
        Path log = dir.resolve("qemu.log");
        Process process;
        try {
            process = launch(argv, log);
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot start " + argv.getFirst(), e);
        }
        PausedQemu qemu = new PausedQemu(process, dir, true, log, first, Optional.of(second));
        try {
            qemu.awaitSockets(argv, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return qemu;
    }

    /**
     * Starts a complete {@code argv} (which must open a QMP monitor on {@code qmpSocket}), logging to a
     * new file in {@code workDir}, and returns once {@link #qmp()} is connected. Fails with QEMU's
     * output and the argv when QEMU exits first. {@code workDir} stays the caller's.
     */
    public static PausedQemu start(List<String> argv, Path qmpSocket, Path workDir) throws IOException {
        Path log = Files.createTempFile(workDir, "qemu-", ".log");
        PausedQemu qemu = new PausedQemu(launch(argv, log), workDir, false, log, qmpSocket, Optional.empty());
        qemu.awaitSockets(argv, true);
        return qemu;
    }

    private static Process launch(List<String> argv, Path log) throws IOException {
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitSockets(List<String> argv, boolean keep) throws IOException {
        long deadline = System.nanoTime() + TestTimeouts.QEMU_START.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String output = log();
                close();
                throw new AssertionError("QEMU exited with " + process.exitValue() + ": " + output + "\nargv: " + argv);
            }
            if (Files.exists(qmpSocket) && secondQmpSocket.map(Files::exists).orElse(true)) {
                try {
                    // a greeting means QEMU got past creating the devices, which comes after the sockets
                    TestQmp greeted = TestQmp.connect(qmpSocket);
                    if (keep) {
                        qmp = greeted;
                    } else {
                        greeted.close();
                    }
                    return;
                } catch (IOException notYet) {
                    // the socket file exists a moment before QEMU accepts
                }
            }
            if (System.nanoTime() > deadline) {
                String output = log();
                close();
                throw new AssertionError("QEMU did not open QMP within " + TestTimeouts.QEMU_START + ": " + output
                        + "\nargv: " + argv);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for QEMU's QMP socket", e);
            }
        }
    }

    /** The directory QEMU's sockets and log are in. */
    public Path dir() {
        return dir;
    }

    /** The QMP monitor socket. */
    public Path qmpSocket() {
        return qmpSocket;
    }

    /** The second QMP monitor socket of {@link #start(String...)} (QEMU serves one client per monitor). */
    public Path secondQmpSocket() {
        return secondQmpSocket.orElseThrow(() -> new IllegalStateException("this QEMU was started with one monitor"));
    }

    /** The QEMU process. */
    public Process process() {
        return process;
    }

    /** The minimal QMP exchange on {@link #qmpSocket()}, connected on first use. */
    public synchronized TestQmp qmp() throws IOException {
        if (qmp == null) {
            qmp = TestQmp.connect(qmpSocket);
        }
        return qmp;
    }

    /** What QEMU wrote to stdout and stderr so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (qmp != null) {
                try {
                    qmp.raw("quit", null);
                } catch (IOException alreadyGone) {
                    // QEMU closes the socket while answering quit
                }
                qmp.close();
            } else {
                process.destroy();
            }
        } catch (IOException closing) {
            // the exchange is gone with QEMU
        } finally {
            awaitExit();
            if (ownsDir) {
                deleteTree(dir);
            }
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(TestTimeouts.QEMU_EXIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(TestTimeouts.QEMU_EXIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
