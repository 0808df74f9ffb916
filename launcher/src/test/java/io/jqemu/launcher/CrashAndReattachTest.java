package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Early exits, SIGKILL of QEMU at several points, and reattach; real QEMU, no guest. */
@RequiresQemu
class CrashAndReattachTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashAndReattachTest.class);
    private static final long FAIL_BOUND_MILLIS = 1000;

    @TempDir
    Path dir;

    @Test
    void anEarlyExitFailsWithQemusOwnTextAndUndoesEverything() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        var machine = TestMachines.empty("early").unsafeExtraArgs(List.of("-device", "no-such-device")).build();

        assertThatThrownBy(() -> launcher.launch(machine))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("QEMU exited during start (exit code 1)")
                .hasMessageContaining("'no-such-device' is not a valid device model name");
        assertHostUndone(dir.resolve("state/early"));
    }

    @Test
    void sigkillDuringStartFailsTheLaunchOrCrashesTheVmAndUndoesTheHost() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        java.util.Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        CompletableFuture<RunningVm> launching = CompletableFuture.supplyAsync(
                () -> launcher.launch(TestMachines.empty("killstart").build(), LaunchOptions.startPaused()));
        ProcessHandle qemu = awaitQemuChild(before);
        qemu.destroyForcibly();

        try {
            RunningVm vm = launching.get(20, TimeUnit.SECONDS);
            LOG.info("the kill landed after the launch completed; the VM must crash");
            assertThat(vm.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(VmState.CRASHED);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LaunchFailedException.class).hasMessageContaining("killed by signal 9");
        }
        assertHostUndone(dir.resolve("state/killstart"));
    }

    @Test
    void sigkillWithCommandsInFlightFailsThemAtOnceAndTheVmCrashes() throws Exception {
        RunningVm vm = TestMachines.launcher(dir).launch(TestMachines.empty("inflight").build(), LaunchOptions.startPaused());
        POSIXFactory.getNativePOSIX().kill((int) vm.pid(), Signal.SIGSTOP.intValue());
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inFlight.add(vm.qmp().executeAsync("query-status", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
        }
        Thread.sleep(100);
        assertThat(inFlight).noneMatch(CompletableFuture::isDone);

        long killed = System.nanoTime();
        ProcessHandle.of(vm.pid()).orElseThrow().destroyForcibly();
        CompletableFuture.allOf(inFlight.stream().map(f -> f.exceptionally(t -> null)).toArray(CompletableFuture[]::new))
                .get(FAIL_BOUND_MILLIS, TimeUnit.MILLISECONDS);
        long millis = (System.nanoTime() - killed) / 1_000_000;
        LOG.info("8 in-flight commands failed {} ms after SIGKILL", millis);

        assertThat(inFlight).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(vm.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(VmState.CRASHED);
        assertThat(vm.exitStatus().orElseThrow().signal()).hasValue(9);
        assertHostUndone(vm.stateDir());
    }

    @Test
    void sigkillDuringAnUnplugFailsTheUnplugAtOnce() throws Exception {
        RunningVm vm = TestMachines.launcher(dir).launch(TestMachines.empty("unplug").build(), LaunchOptions.startPaused());
        DeviceHandle nic = vm.attach(Nic.virtio(NicBackend.user()));
        CompletableFuture<Void> detaching = CompletableFuture.runAsync(() -> nic.detach(Duration.ofSeconds(30)));
        awaitState(nic, DeviceState.DETACHING);
        Thread.sleep(100);

        long killed = System.nanoTime();
        ProcessHandle.of(vm.pid()).orElseThrow().destroyForcibly();
        assertThatThrownBy(() -> detaching.get(FAIL_BOUND_MILLIS, TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(VmExitedException.class);
        LOG.info("a pending unplug failed {} ms after SIGKILL", (System.nanoTime() - killed) / 1_000_000);

        assertThat(vm.terminated().get(5, TimeUnit.SECONDS)).isEqualTo(VmState.CRASHED);
        assertHostUndone(vm.stateDir());
    }

    @Test
    void sigkillDuringAShutdownEndsItAtOnceAndTheVmCrashes() throws Exception {
        // no guest: the firmware finds nothing to boot and nobody acts on the power button
        RunningVm vm = TestMachines.launcher(dir).launch(TestMachines.empty("shutdown").build());
        CompletableFuture<ShutdownResult> shutdown = vm.shutdownAsync();
        while (vm.state() != VmState.SHUTTING_DOWN) {
            Thread.sleep(5);
        }
        Thread.sleep(100);

        long killed = System.nanoTime();
        ProcessHandle.of(vm.pid()).orElseThrow().destroyForcibly();
        ShutdownResult result = shutdown.get(FAIL_BOUND_MILLIS + 5000, TimeUnit.MILLISECONDS);
        LOG.info("a pending shutdown ended {} ms after SIGKILL", (System.nanoTime() - killed) / 1_000_000);

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.PROCESS_EXITED);
        assertThat(result.exitStatus().signal()).hasValue(9);
        assertThat(vm.state()).isEqualTo(VmState.CRASHED);
        assertHostUndone(vm.stateDir());
    }

    @Test
    void aSecondLauncherReattachesToARunningVmAndStopsIt() throws Exception {
        var machine = TestMachines.empty("reattach").build();
        RunningVm first = TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused());
        first.disconnect();
        assertThatThrownBy(first::balloon).hasMessageContaining("disconnected");

        Launcher second = TestMachines.launcher(dir);
        RunningVm again = second.reattach(first.stateDir(), machine);

        assertThat(again.pid()).isEqualTo(first.pid());
        assertThat(again.state()).isEqualTo(VmState.PAUSED);
        DeviceHandle nic = again.attach(Nic.virtio(NicBackend.user()));
        assertThat(again.qmp().execute("qom-list", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("path", "/machine/peripheral")).toString()).contains("\"" + nic.id() + "\"");
        first.close();
        assertThat(again.state()).as("closing the disconnected handle leaves the VM alone").isEqualTo(VmState.PAUSED);
        ShutdownResult result = again.stop();
        assertThat(result.endedBy()).isEqualTo(ShutdownStep.QUIT);
        assertThat(again.state()).isEqualTo(VmState.STOPPED);
        assertThat(again.exitStatus()).contains(ExitStatus.unknown());
        assertHostUndone(first.stateDir());
        assertThat(first.state()).as("the disconnected handle does not claim the exit").isEqualTo(VmState.PAUSED);
    }

    @Test
    void reattachingToAVmThatDiedMeanwhileUndoesWhatItLeftBehind() throws Exception {
        RunningVm first = TestMachines.launcher(dir).launch(TestMachines.empty("died").build(), LaunchOptions.startPaused());
        Path runtimeDir = VmPaths.load(first.stateDir()).runtimeDir();
        first.disconnect();
        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
        ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
        assertThat(runtimeDir).exists();

        Launcher second = TestMachines.launcher(dir);
        assertThatThrownBy(() -> second.reattach(first.stateDir()))
                .isInstanceOf(VmNotRunningException.class)
                .hasMessageContaining("no running VM in " + first.stateDir());
        assertHostUndone(first.stateDir());
        assertThat(runtimeDir).doesNotExist();
    }

    private static void assertHostUndone(Path stateDir) {
        Path journal = stateDir.resolve(UndoJournal.FILE_NAME);
        if (Files.exists(journal)) {
            assertThat(new UndoJournal(journal).pending()).isEmpty();
        }
        assertThat(stateDir.resolve("vm.properties")).doesNotExist();
        if (Files.exists(stateDir.resolve("runtime-dir"))) {
            assertThat(VmPaths.load(stateDir).runtimeDir()).doesNotExist();
        }
    }

    private static ProcessHandle awaitQemuChild(java.util.Set<Long> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> qemu = ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid()))
                    .filter(p -> p.info().command().orElse("").contains("qemu-system")).findFirst();
            if (qemu.isPresent()) {
                return qemu.get();
            }
            Thread.sleep(1);
        }
        throw new AssertionError("QEMU did not start");
    }

    private static void awaitState(DeviceHandle handle, DeviceState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(handle.state()).isEqualTo(state);
    }
}
