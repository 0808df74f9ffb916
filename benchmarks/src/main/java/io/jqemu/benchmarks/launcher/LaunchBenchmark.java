package io.jqemu.benchmarks.launcher;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Launch-to-ready: {@link Launcher#launch} returning a connected, paused VM, against spawning the
 * same argv by hand and talking raw QMP until {@code qmp_capabilities} is answered.
 */
@State(Scope.Thread)
public class LaunchBenchmark extends QemuBenchmarkSettings {
    private Launcher launcher;
    private Machine machine;
    private List<String> bareArgv;
    private Path bareSocket;
    private RunningVm vm;
    private BareQemu bare;

    /** A launcher over temporary roots and the argv jqemu renders for the same machine. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jqb");
        launcher = Launcher.builder().stateRoot(dir.resolve("s")).runtimeRoot(dir.resolve("r"))
                .stopVmsOnJvmExit(true).build();
        machine = Machine.builder().name("bench").memoryMib(128).accelerator(Accelerator.TCG).build();
        bareSocket = dir.resolve("bare-qmp.sock");
        bareArgv = MachineRenderer.render(machine, RenderContext.builder()
                .qmpSocket(bareSocket.toString()).runtimeDir(dir.toString()).startPaused(true).build()).argv();
    }

    /** jqemu: host preparation, spawn, QMP connect and negotiation, paused VM handed back. */
    @Benchmark
    public RunningVm jqemuLaunchToReady() {
        vm = launcher.launch(machine, LaunchOptions.startPaused());
        return vm;
    }

    /** Baseline: spawn the same argv, connect a plain socket, read the greeting, negotiate. */
    @Benchmark
    public BareQemu bareSpawnToCapabilities() throws Exception {
        bare = BareQemu.start(bareArgv, bareSocket);
        return bare;
    }

    /** Kills what the invocation started (not measured). */
    @TearDown(Level.Invocation)
    public void stopStarted() throws Exception {
        if (vm != null) {
            vm.kill();
            vm = null;
        }
        if (bare != null) {
            bare.close();
            bare = null;
        }
    }
}
