package io.jqemu.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real qemu-system-x86_64 started paused ({@code -S}) with no guest, and its QMP socket. */
final class PausedQemu implements AutoCloseable {
    static final String QEMU = "/usr/bin/qemu-system-x86_64";

    final Path dir;
    final Path qmpSocket;
    final Path secondQmpSocket;
    final Process process;

    private PausedQemu(Path dir, Path qmpSocket, Process process) {
        this.dir = dir;
        this.qmpSocket = qmpSocket;
        this.secondQmpSocket = dir.resolve("qmp2.sock");
        this.process = process;
    }

    static PausedQemu start(String... extraArgs) {
        try {
            Path dir = Files.createTempDirectory("jqemu-qmp-test");
            Path socket = dir.resolve("qmp.sock");
            List<String> argv = new ArrayList<>(List.of(QEMU, "-S", "-nodefaults", "-display", "none",
                    "-machine", "q35", "-accel", "tcg", "-m", "128",
                    "-chardev", "socket,id=qmp,path=" + socket + ",server=on,wait=off",
                    "-mon", "chardev=qmp,mode=control",
                    "-chardev", "socket,id=qmp2,path=" + dir.resolve("qmp2.sock") + ",server=on,wait=off",
                    "-mon", "chardev=qmp2,mode=control"));
            argv.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("qemu.log").toFile()).start();
            return new PausedQemu(dir, socket, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    QmpClient.Builder client() {
        return QmpClient.builder().unixSocket(qmpSocket).connectTimeout(java.time.Duration.ofSeconds(10));
    }

    /** @return a builder for the second monitor (QEMU serves one client per monitor socket) */
    QmpClient.Builder secondClient() {
        return QmpClient.builder().unixSocket(secondQmpSocket).connectTimeout(java.time.Duration.ofSeconds(10));
    }

    String log() {
        try {
            return Files.readString(dir.resolve("qemu.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
