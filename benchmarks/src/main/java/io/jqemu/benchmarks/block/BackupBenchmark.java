package io.jqemu.benchmarks.block;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.block.BackupChain;
import io.jqemu.launcher.block.BackupResult;
import io.jqemu.qmp.command.HumanMonitorCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backup of a 1 GiB qcow2 disk (every cluster written) of a paused QEMU: a full backup, an
 * incremental one after 10 % of the disk (ten 10 MiB stretches, written through QEMU with HMP
 * {@code qemu-io}) changed, and, as the baseline, {@code qemu-img convert} of the same image to
 * qcow2. One invocation is one whole copy (single-shot time); each benchmark has its own QEMU and
 * image, made in its trial setup. Run it in several rounds of one fork each, so the three alternate
 * (the command in {@code benchmarks/README.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class BackupBenchmark {
    private static final Duration JOB = Duration.ofMinutes(10);
    private static final String SIZE = "1G";
    private static final int CHANGED_STRETCHES = 10;
    private static final int STRETCH_MIB = 10;
    private static final int STRETCH_EVERY_MIB = 100;

    private Path scratch;
    private Path image;
    private Path backups;
    private RunningVm vm;
    private int round;

    /** A 1 GiB qcow2 image full of data, a paused QEMU with it as a SCSI disk, and one full backup. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        scratch = Files.createTempDirectory(Path.of("/var/tmp"), "jqbak");
        image = scratch.resolve("disk.qcow2");
        backups = scratch.resolve("backups");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), SIZE);
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 " + SIZE, image.toString());
        Launcher launcher = Launcher.builder().stateRoot(scratch.resolve("s"))
                .runtimeRoot(Files.createTempDirectory(Path.of("/tmp"), "jqbr")).stopVmsOnJvmExit(true).build();
        Machine machine = Machine.builder().name("backupbench").memoryMib(128).accelerator(Accelerator.TCG).virtioScsi()
                .disk(Disk.imageFile(image.toString()).format(DiskFormat.QCOW2).scsiHd(0, 0, 0).build()).build();
        vm = launcher.launch(machine, LaunchOptions.startPaused());
        backup(true);
    }

    /** Changes 10 % of the disk before each incremental backup (not measured). */
    @Setup(Level.Invocation)
    public void changeTenPercent() {
        round++;
        for (int i = 0; i < CHANGED_STRETCHES; i++) {
            String write = "write -P " + (round % 200 + 1) + " " + (long) i * STRETCH_EVERY_MIB + "M " + STRETCH_MIB + "M";
            String out = vm.qmp().send(new HumanMonitorCommand("qemu-io -d disk0 \"" + write + "\""));
            if (!out.isBlank()) {
                throw new IllegalStateException("qemu-io: " + out);
            }
        }
    }

    /** jqemu: a full backup ({@code blockdev-backup sync=full} with a new persistent bitmap), recorded. */
    @Benchmark
    public BackupResult fullBackup() {
        return backup(true);
    }

    /** jqemu: an incremental backup of the 10 % changed since the previous backup. */
    @Benchmark
    public BackupResult incrementalBackup() {
        return backup(false);
    }

    /** Baseline: {@code qemu-img convert -U} of the whole image into a new qcow2 file. */
    @Benchmark
    public Path qemuImgConvert() throws Exception {
        Path target = backups.resolve("convert-" + round + ".qcow2");
        Files.createDirectories(backups);
        run("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "qcow2", image.toString(), target.toString());
        return target;
    }

    private BackupResult backup(boolean full) {
        BackupResult r = vm.backups().start("disk0", full, Optional.of(backups), OptionalLong.empty()).await(JOB);
        if (!full && r.backup().full()) {
            throw new IllegalStateException("expected an incremental backup: " + r.fullBecause().orElse(""));
        }
        return r;
    }

    /** Removes the copies of earlier invocations except the newest backup (the next incremental's parent). */
    @TearDown(Level.Invocation)
    public void dropCopies() throws IOException {
        String newest = BackupChain.load(vm.stateDir(), "disk0").last().map(b -> b.file()).orElse("");
        try (Stream<Path> files = Files.list(backups)) {
            for (Path p : files.toList()) {
                if (!p.toString().equals(newest)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Stops QEMU and removes the images. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (vm != null) {
            vm.kill();
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
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + out);
        }
    }
}
