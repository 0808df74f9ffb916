package io.jqemu.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real qemu-system-x86_64 for benchmarks: paused ({@code -S}), TCG, no devices, with a firmware
 * image of {@code hlt} instructions so that {@code cont} leaves the vCPU halted instead of spinning
 * in a BIOS. Every monitor socket named in {@link #start} is a QMP monitor (QEMU serves one client
 * per monitor).
 */
public final class BenchmarkQemu implements AutoCloseable {
    private static final byte HLT = (byte) 0xF4;
    private final Path dir;
    private final Process process;

    private BenchmarkQemu(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts QEMU.
     *
     * @param monitors names of the QMP monitor sockets to create (see {@link #socket})
     * @return the running QEMU
     */
    public static BenchmarkQemu start(String... monitors) {
        try {
            Path dir = Files.createTempDirectory("jqemu-bench");
            byte[] firmware = new byte[64 * 1024];
            Arrays.fill(firmware, HLT);
            Path bios = Files.write(dir.resolve("hlt.bin"), firmware);
            List<String> argv = new ArrayList<>(List.of(System.getProperty("jqemu.qemu", "/usr/bin/qemu-system-x86_64"),
                    "-S", "-nodefaults", "-display", "none", "-machine", "q35", "-accel", "tcg", "-m", "64",
                    "-bios", bios.toString()));
            for (String m : monitors) {
                argv.addAll(List.of("-chardev", "socket,id=" + m + ",path=" + dir.resolve(m + ".sock") + ",server=on,wait=off",
                        "-mon", "chardev=" + m + ",mode=control"));
            }
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("qemu.log").toFile()).start();
            return new BenchmarkQemu(dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The path of a monitor socket.
     *
     * @param monitor a name given to {@link #start}
     * @return its socket path
     */
    public Path socket(String monitor) {
        return dir.resolve(monitor + ".sock");
    }

    /** Kills QEMU and removes its directory. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
