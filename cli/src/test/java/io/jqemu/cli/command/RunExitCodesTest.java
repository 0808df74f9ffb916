package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.launcher.vm.LiveProcesses;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit codes of {@code jqemu run} for the ways a VM ends other than a guest power-off, each
 * against a real QEMU (a guest-less TCG machine: SeaBIOS finds nothing to boot and waits).
 */
@RequiresQemu
class RunExitCodesTest {

    @TempDir
    Path dir;

    private RunProcess run;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void invalidConfigIsThreeAndTouchesNothing() throws IOException {
        Path vm = Files.writeString(dir.resolve("bad.toml"), "name = \"idle\"\nmemory_mib = \"lots\"\n");

        CliRun result = jqemu("run", vm.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains(vm + ":2:14: memory_mib: expected an integer but found a string (\"lots\")");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void startFailureIsFiveAndUndoesTheHost() throws IOException {
        Path vm = Files.writeString(dir.resolve("missing.toml"), idle() + "\n[[disks]]\npath = \""
                + dir.resolve("nope.qcow2") + "\"\n");

        CliRun result = jqemu("run", vm.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(5);
        assertThat(result.err()).contains("disks[0]").contains("nope.qcow2").contains("host changes undone");
        assertThat(VmRecord.readFrom(dir.resolve("state/idle"))).isEmpty();
        assertThat(dir.resolve("run/idle")).doesNotExist();
    }

    @Test
    void dryRunStartsNothing() throws IOException {
        Path vm = Files.writeString(dir.resolve("idle.toml"), idle());

        CliRun result = jqemu("run", "--dry-run", vm.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("-name guest=idle").contains("nothing was started");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void forcedStopIsSeven() throws Exception {
        long qemu = startRun();

        CliRun stop = jqemu("stop", "--force", "idle");

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(run.stderr()).isEqualTo(7);
        assertThat(LiveProcesses.running(qemu)).isFalse();
    }

    @Test
    void qemuCrashingIsSix() throws Exception {
        long qemu = startRun();

        // a fault signal, as a crash delivers it (QEMU killed from outside is 7: RunSignalsTest)
        jnr.posix.POSIXFactory.getPOSIX().kill((int) qemu, jnr.constants.platform.Signal.SIGSEGV.intValue());

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(run.stderr()).isEqualTo(6);
        assertThat(run.stderr()).contains("QEMU ended unexpectedly (killed by signal 11)");
        assertThat(VmRecord.readFrom(dir.resolve("state/idle"))).isEmpty();
    }

    @Test
    void pausedGuestIsStoppedByForceOnInterrupt() throws Exception {
        long qemu = startRun("--paused");
        assertThat(jqemu("qmp", "idle", "query-status").out()).contains("\"status\" : \"prelaunch\"");

        jnr.posix.POSIXFactory.getPOSIX().kill((int) run.pid(), jnr.constants.platform.Signal.SIGTERM.intValue());

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(run.stderr()).isEqualTo(7);
        assertThat(run.stderr()).contains("paused and cannot act on the power button");
        assertThat(LiveProcesses.running(qemu)).isFalse();
    }

    private String idle() {
        return "name = \"idle\"\naccelerator = \"tcg\"\nmemory_mib = 64\n";
    }

    private long startRun(String... options) throws Exception {
        Path vm = Files.writeString(dir.resolve("idle.toml"), idle());
        List<String> args = new ArrayList<>(List.of(options));
        args.add(vm.toString());
        run = RunProcess.start(dir, "idle", args.toArray(String[]::new));
        return run.awaitRunning(Duration.ofSeconds(60));
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
