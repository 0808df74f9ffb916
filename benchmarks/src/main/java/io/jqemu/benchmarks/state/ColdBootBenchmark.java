package io.jqemu.benchmarks.state;

import io.jqemu.benchmarks.launcher.QemuBenchmarkSettings;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.SerialConsole;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline of {@link RestoreBenchmark}: a cold boot of the same test guest to ready, from
 * {@link Launcher#launch} to the guest's shell answering a command on its console.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ColdBootBenchmark extends QemuBenchmarkSettings {
    /** The guest's RAM. */
    @Param({"256"})
    public int ramMib;

    private Launcher launcher;
    private int boots;
    private RunningVm vm;
    private SerialConsole console;

    /** A launcher over a scratch directory. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = scratchDirectory("jqc");
        launcher = Launcher.builder().stateRoot(dir.resolve("s")).runtimeRoot(dir.resolve("r")).build();
    }

    /** Launch, boot, the shell answers. */
    @Benchmark
    public RunningVm coldBootToReady() throws Exception {
        boots++;
        vm = launcher.launch(TestGuestVm.machine("boot" + boots, ramMib), LaunchOptions.startPaused());
        console = vm.serialConsole();
        vm.resume();
        TestGuestVm.awaitLine(console, TestGuestVm.BOOTED);
        TestGuestVm.awaitAnswer(console, boots);
        return vm;
    }

    /** Stops the booted VM (not measured). */
    @TearDown(Level.Invocation)
    public void stop() {
        TestGuestVm.kill(console, vm);
        console = null;
        vm = null;
    }
}
