package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.launcher.vm.VmRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit codes of {@code jqemu run} for the ways a VM ends other than a guest power-off, each
 * against a real QEMU (a guest-less TCG machine: SeaBIOS finds nothing to boot and waits).
 */
class RunExitCodesTest {

    @TempDir
    Path dir;

    private Process run;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null && run.isAlive()) {
            run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        VmRecord.readFrom(dir.resolve("state/idle")).flatMap(r -> ProcessHandle.of(r.pid()))
                .ifPresent(ProcessHandle::destroyForcibly);
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
        assertThat(run.exitValue()).as(stderr()).isEqualTo(7);
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void qemuCrashingIsSix() throws Exception {
        long qemu = startRun();

        // a fault signal, as a crash delivers it (QEMU killed from outside is 7: RunSignalsTest)
        jnr.posix.POSIXFactory.getPOSIX().kill((int) qemu, jnr.constants.platform.Signal.SIGSEGV.intValue());

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(stderr()).isEqualTo(6);
        assertThat(stderr()).contains("QEMU ended unexpectedly (killed by signal 11)");
        assertThat(VmRecord.readFrom(dir.resolve("state/idle"))).isEmpty();
    }

    @Test
    void pausedGuestIsStoppedByForceOnInterrupt() throws Exception {
        long qemu = startRun("--paused");
        assertThat(jqemu("qmp", "idle", "query-status").out()).contains("\"status\" : \"prelaunch\"");

        jnr.posix.POSIXFactory.getPOSIX().kill((int) run.pid(), jnr.constants.platform.Signal.SIGTERM.intValue());

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(stderr()).isEqualTo(7);
        assertThat(stderr()).contains("paused and cannot act on the power button");
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private String idle() {
        return "name = \"idle\"\naccelerator = \"tcg\"\nmemory_mib = 64\n";
    }

    private long startRun(String... options) throws Exception {
        Path vm = Files.writeString(dir.resolve("idle.toml"), idle());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.jqemu.cli.Jqemu", "run",
                "--state-root", dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString()));
        command.addAll(List.of(options));
        command.add(vm.toString());
        run = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(dir.resolve("run.err").toFile()).redirectOutput(dir.resolve("run.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<VmRecord> record = VmRecord.readFrom(dir.resolve("state/idle"));
            if (record.isPresent() && stderr().contains("QEMU pid")) {
                return record.get().pid();
            }
            assertThat(run.isAlive()).as(stderr()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("run did not start: " + stderr());
    }

    private String stderr() {
        try {
            return Files.exists(dir.resolve("run.err"))
                    ? Files.readString(dir.resolve("run.err"), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private CliRun jqemu(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }
}
