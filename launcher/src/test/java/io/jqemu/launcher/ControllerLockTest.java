package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One controller per VM, against real QEMU (started paused): a second launcher, in this JVM or
 * another, is refused at once naming the holder and touches nothing of the VM; the lock goes with
 * a {@link RunningVm#disconnect()} and with the death of the holding process.
 */
@RequiresQemu
class ControllerLockTest {
    /** "At once": well below the start timeout a greeting wait would take. */
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (String name : List.of("locked", "held")) {
            VmRecord.readFrom(dir.resolve("state").resolve(name)).flatMap(r -> ProcessHandle.of(r.pid()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aSecondLauncherIsRefusedAtOnceAndTouchesNothingUntilTheFirstLetsGo() throws Exception {
        Launcher first = launcher("first controller");
        Launcher second = launcher("second controller");
        RunningVm vm = first.launch(TestMachines.empty("locked").build(), LaunchOptions.startPaused());
        Path state = vm.stateDir();
        String record = Files.readString(state.resolve(VmRecord.FILE_NAME));
        String journal = Files.readString(state.resolve(UndoJournal.FILE_NAME));
        Path runtimeDir = VmRecord.readFrom(state).orElseThrow().runtimeDir();
        String holder = "VM locked is already controlled by pid " + ProcessHandle.current().pid() + " (first controller)";

        long start = System.nanoTime();
        assertThatThrownBy(() -> second.launch(TestMachines.empty("locked").build(), LaunchOptions.startPaused()))
                .isInstanceOf(VmLockedException.class).hasMessageContaining(holder);
        assertThatThrownBy(() -> second.reattach(state))
                .isInstanceOf(VmLockedException.class).hasMessageContaining(holder);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);

        assertThat(Files.readString(state.resolve(VmRecord.FILE_NAME))).isEqualTo(record);
        assertThat(Files.readString(state.resolve(UndoJournal.FILE_NAME))).isEqualTo(journal);
        assertThat(runtimeDir.resolve("qmp.sock")).exists();
        assertThat(vm.qmp().execute("query-status").path("status").asText()).isEqualTo("prelaunch");

        vm.disconnect();
        RunningVm taken = second.reattach(state);
        assertThat(taken.pid()).isEqualTo(vm.pid());
        assertThatThrownBy(() -> first.reattach(state))
                .isInstanceOf(VmLockedException.class).hasMessageContaining("(second controller)");
        taken.stop();
        assertThat(runtimeDir).doesNotExist();
        RunningVm again = first.launch(TestMachines.empty("locked").build(), LaunchOptions.startPaused());
        again.stop();
    }

    @Test
    void theLockOfAProcessThatDiedIsFree() throws Exception {
        child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolderProbe.class.getName(),
                dir.resolve("state").toString(), dir.resolve("run").toString()))
                .redirectError(dir.resolve("probe.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("qemu=")) {
            line = out.readLine();
        }
        assertThat(line).as(() -> read(dir.resolve("probe.err"))).isNotNull();
        long qemu = Long.parseLong(line.substring("qemu=".length()));
        Path state = dir.resolve("state/held");
        Launcher launcher = launcher("test");

        assertThatThrownBy(() -> launcher.reattach(state)).isInstanceOf(VmLockedException.class)
                .hasMessageContaining("VM held is already controlled by pid " + child.pid() + " (lock-holder-probe)");

        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive)).contains(true);
        RunningVm vm = launcher.reattach(state);
        assertThat(vm.pid()).isEqualTo(qemu);
        vm.stop();
    }

    private Launcher launcher(String controller) {
        return Launcher.builder().stateRoot(dir.resolve("state")).runtimeRoot(dir.resolve("run"))
                .controller(controller).qemuBinary(QemuBinary.path()).startTimeout(Duration.ofSeconds(60)).stopVmsOnJvmExit(false).build();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
