package io.jqemu.benchmarks.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings both launcher benchmarks share: average time in milliseconds, one fork, a few
 * seconds of warm-up and measurement (each invocation starts or plugs into a real QEMU), and a
 * short scratch directory (unix socket paths) removed when the trial ends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public abstract class QemuBenchmarkSettings {
    private Path scratch;

    /** A fresh short directory under /tmp for this trial's state, sockets and images. */
    protected Path scratchDirectory(String prefix) throws IOException {
        scratch = Files.createTempDirectory(Path.of("/tmp"), prefix);
        return scratch;
    }

    /** Removes the scratch directory (runs after the subclass's own trial teardown). */
    @TearDown(Level.Trial)
    public void removeScratchDirectory() throws IOException {
        if (scratch == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(scratch)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        scratch = null;
    }
}
