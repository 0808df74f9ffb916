package io.jqemu.benchmarks.state;

import io.jqemu.benchmarks.launcher.QemuBenchmarkSettings;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.AfterSave;
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
 * Restore-to-ready: {@link Launcher#launch} with {@link LaunchOptions#restoring} of a state saved at
 * the test guest's ready line, to the guest's shell answering a command on its console. The state is
 * saved once per trial (not measured) from a VM booted either as a template ({@code ram=template}:
 * RAM in a file, the stream holds the devices only, each restore maps the RAM file privately) or as
 * a plain VM ({@code ram=stream}: the RAM is read from the stream).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class RestoreBenchmark extends QemuBenchmarkSettings {
    /** The guest's RAM. */
    @Param({"128", "256", "512"})
    public int ramMib;

    /** Where the saved RAM is: {@code template} (RAM file) or {@code stream}. */
    @Param({"template", "stream"})
    public String ram;

    private Launcher launcher;
    private Path state;
    private int restores;
    private RunningVm vm;
    private SerialConsole console;

    /** Boots the guest, waits until its shell answers, saves its state and stops it. */
    @Setup(Level.Trial)
    public void saveTheReadyGuest() throws Exception {
        Path dir = scratchDirectory("jqs");
        launcher = Launcher.builder().stateRoot(dir.resolve("s")).runtimeRoot(dir.resolve("r")).build();
        state = dir.resolve("ready.state");
        LaunchOptions options = ram.equals("template") ? LaunchOptions.startPaused().asTemplate()
                : LaunchOptions.startPaused();
        try (RunningVm template = launcher.launch(TestGuestVm.machine("tmpl", ramMib), options);
             SerialConsole templateConsole = template.serialConsole()) {
            template.resume();
            TestGuestVm.awaitLine(templateConsole, TestGuestVm.BOOTED);
            TestGuestVm.awaitAnswer(templateConsole, 0);
            template.saveState(state, AfterSave.STOP);
        }
    }

    /** Launch restoring the saved state; the shell answers. */
    @Benchmark
    public RunningVm restoreToReady() throws Exception {
        restores++;
        Machine machine = TestGuestVm.machine("restored" + restores, ramMib);
        vm = launcher.launch(machine, LaunchOptions.startPaused().restoring(state));
        console = vm.serialConsole();
        vm.resume();
        TestGuestVm.awaitAnswer(console, restores);
        return vm;
    }

    /** Stops the restored VM (not measured). */
    @TearDown(Level.Invocation)
    public void stop() {
        TestGuestVm.kill(console, vm);
        console = null;
        vm = null;
    }
}
