package io.jqemu.core.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real QEMU started from a rendered argv (paused with -S), with a QMP connection; closing quits it. */
public final class QemuInstance implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private final Process process;
    private final Path stderr;
    private final TestQmp qmp;

    private QemuInstance(Process process, Path stderr, TestQmp qmp) {
        this.process = process;
        this.stderr = stderr;
        this.qmp = qmp;
    }

    /** Starts QEMU and connects to its QMP socket; fails with QEMU's stderr when it exits first. */
    public static QemuInstance start(List<String> argv, Path qmpSocket, Path workDir) throws IOException, InterruptedException {
        Path err = Files.createTempFile(workDir, "qemu-stderr", ".txt");
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new AssertionError("QEMU exited with " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8)
                        + "\nargv: " + argv);
            }
            if (Files.exists(qmpSocket)) {
                try {
                    return new QemuInstance(p, err, TestQmp.connect(qmpSocket));
                } catch (IOException notYet) {
                    // the socket file exists a moment before QEMU accepts
                }
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("QEMU did not open QMP within " + START_TIMEOUT + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Thread.sleep(10);
        }
    }

    /** The QMP connection. */
    public TestQmp qmp() {
        return qmp;
    }

    /** What QEMU wrote to stderr so far. */
    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            qmp.raw("quit", null);
        } catch (IOException alreadyGone) {
            // QEMU closes the socket while answering quit
        } finally {
            qmp.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
