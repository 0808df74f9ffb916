package io.jqemu.benchmarks.launcher;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.PlanStep;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.DeviceDel;
import io.jqemu.qmp.QmpEvents;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hot-attach of a scsi-hd: {@link RunningVm#attach} against the same three QMP commands
 * ({@code blockdev-add} x2, {@code device_add}) sent directly on the VM's QMP client. Both unplug
 * outside the measurement.
 */
@State(Scope.Thread)
public class HotAttachBenchmark extends QemuBenchmarkSettings {
    private RunningVm vm;
    private Disk disk;
    private DevicePlan rawPlan;
    private DeviceHandle handle;
    private boolean rawAttached;

    /** A paused VM with a virtio-scsi controller and an image to attach. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = scratchDirectory("jqh");
        Path image = dir.resolve("hot.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(8 << 20);
        }
        Launcher launcher = Launcher.builder().stateRoot(dir.resolve("s")).runtimeRoot(dir.resolve("r")).build();
        Machine machine = Machine.builder().name("hotbench").memoryMib(128).accelerator(Accelerator.TCG)
                .virtioScsi().build();
        vm = launcher.launch(machine, LaunchOptions.startPaused());
        disk = Disk.imageFile(image.toString()).scsiHd(0, 0, 1).build();
        rawPlan = HotplugRenderer.plan(machine.withResolvedIds(), disk.withId("rawdisk"), Optional.empty(),
                RenderContext.builder().build());
    }

    /** Through the library: plan, host check, three commands, bookkeeping. */
    @Benchmark
    public DeviceHandle runningVmAttachDisk() {
        handle = vm.attach(disk);
        return handle;
    }

    /** The same three commands on the same QMP client. */
    @Benchmark
    public boolean rawQmpAttachDisk() {
        QmpClient qmp = vm.qmp();
        for (PlanStep step : rawPlan.steps()) {
            if (step instanceof PlanStep.AddBlockNode node) {
                qmp.execute("blockdev-add", node.options());
            }
        }
        qmp.execute("device_add", rawPlan.device().options());
        rawAttached = true;
        return rawAttached;
    }

    /** Unplugs what the invocation attached (not measured). */
    @TearDown(Level.Invocation)
    public void detach() {
        if (handle != null) {
            handle.detach(Duration.ofSeconds(10));
            handle = null;
        }
        if (rawAttached) {
            QmpClient qmp = vm.qmp();
            qmp.sendAndAwait(new DeviceDel(rawPlan.deviceId()),
                    QmpEvents.deviceDeleted(rawPlan.deviceId()), Duration.ofSeconds(10));
            for (String node : rawPlan.backendsToRemove().stream()
                    .map(b -> ((PlanStep.AddBlockNode) b).nodeName()).toList()) {
                qmp.send(new BlockdevDel(node));
            }
            rawAttached = false;
        }
    }

    /** Stops the VM. */
    @TearDown(Level.Trial)
    public void tearDown() {
        vm.kill();
    }
}
