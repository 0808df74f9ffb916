package io.jqemu.cli.vm;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code jqemu run} of one vm.toml started at the same instant, in two JVMs, 20 times: exactly
 * one runs the VM, the other exits at once (exit 5) naming the holder's pid, and nothing of the
 * winner (QEMU, record, runtime directory, journal) is touched. A third {@code run} once the
 * winner is up (it finds the VM's record and would re-attach) is refused at once as well, instead
 * of waiting for a QMP greeting the winner's monitor never sends. Real QEMU, started paused.
 */
@RequiresQemu
class ConcurrentRunTest {

    private static final int ROUNDS = 20;
    /** "At once": far below the launcher's 30 s start timeout, which a wait for a QMP greeting would run into. */
    private static final long LOSER_SECONDS = 15;

    @TempDir
    Path dir;

    private final List<Process> racers = new ArrayList<>();

    @AfterEach
    void stopLeftovers() throws Exception {
        Files.writeString(dir.resolve("end"), "");
        for (Process racer : racers) {
            if (!racer.waitFor(10, TimeUnit.SECONDS)) {
                racer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        qemus().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void exactlyOneOfTwoSimultaneousRunsRunsTheVmAndTheOtherNamesItsHolder() throws Exception {
        Path vm = Files.writeString(dir.resolve("idle.toml"),
                "name = \"idle\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        racers.add(racer(vm));
        racers.add(racer(vm));
        awaitFiles("ready-", 2, 60);
        int[] wins = new int[2];
        for (int round = 1; round <= ROUNDS; round++) {
            Files.writeString(dir.resolve("go-" + round), "");

            Path loserResult = awaitFiles("result-" + round + "-", 1, LOSER_SECONDS).get(0);
            long loser = Long.parseLong(loserResult.getFileName().toString().replaceAll(".*-", ""));
            Process winner = racers.stream().filter(p -> p.pid() != loser).findFirst().orElseThrow();
            wins[racers.indexOf(winner)]++;
            String result = Files.readString(loserResult, StandardCharsets.UTF_8);
            assertThat(result).as("round %d", round).startsWith("5\n")
                    .contains("VM idle is already controlled by pid " + winner.pid() + " (jqemu run " + vm + ")");

            awaitRecord(winner);
            CliRun status = jqemu("qmp", "idle", "query-status");
            assertThat(status.exitCode()).as("round %d: %s", round, status.err()).isZero();
            assertThat(status.out()).contains("\"status\" : \"prelaunch\"");
            VmRecord record = VmRecord.readFrom(dir.resolve("state/idle")).orElseThrow();
            assertThat(qemus()).as("round %d: one QEMU for the VM, the winner's", round)
                    .containsExactly(ProcessHandle.of(record.pid()).orElseThrow());
            assertThat(winner.descendants().map(ProcessHandle::pid)).contains(record.pid());
            assertThat(dir.resolve("run/idle/qmp.sock")).exists();
            assertThat(dir.resolve("run/idle/control.sock")).exists();
            assertThat(dir.resolve("state/idle").resolve(UndoJournal.FILE_NAME)).exists();
            assertThat(dir.resolve("result-" + round + "-" + winner.pid())).doesNotExist();

            long again = System.nanoTime();
            CliRun late = jqemu("run", "--paused", vm.toString());
            assertThat(late.exitCode()).as(late.err()).isEqualTo(5);
            assertThat(late.err()).contains("VM idle is already controlled by pid " + winner.pid());
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - again)).isLessThan(LOSER_SECONDS);
            assertThat(VmRecord.readFrom(dir.resolve("state/idle"))).contains(record);
            assertThat(dir.resolve("run/idle/control.sock")).exists();

            CliRun stop = jqemu("stop", "--force", "idle");
            assertThat(stop.exitCode()).as("round %d: %s", round, stop.err()).isZero();
            String won = Files.readString(awaitFiles("result-" + round + "-" + winner.pid(), 1, 60).get(0));
            assertThat(won).as("round %d", round).startsWith("7\n");
            assertThat(dir.resolve("run/idle")).doesNotExist();
        }
        assertThat(wins[0] + wins[1]).isEqualTo(ROUNDS);
    }

    /** Until the winner's QEMU runs (the loser may have given up before it started). */
    private void awaitRecord(Process winner) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (VmRecord.readFrom(dir.resolve("state/idle")).isEmpty()) {
            if (System.nanoTime() > deadline || !winner.isAlive()) {
                throw new AssertionError("the winner did not start the VM: " + logs());
            }
            Thread.sleep(5);
        }
    }

    private Stream<ProcessHandle> qemus() {
        String runtimeDir = dir.resolve("run/idle").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").contains("qemu-system")
                && p.info().commandLine().orElse("").contains(runtimeDir));
    }

    private Process racer(Path vm) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunRacer.class.getName(), dir.toString(),
                "run", "--paused", "--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString(), vm.toString());
        return RunProcess.withTestQemu(new ProcessBuilder(command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("racer-" + racers.size() + ".log").toFile()).start();
    }

    private List<Path> awaitFiles(String prefix, int count, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<Path> found;
            try (Stream<Path> files = Files.list(dir)) {
                found = files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
            }
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + count + " file(s) " + prefix + "* within " + seconds + " s; racers: "
                        + logs());
            }
            Thread.sleep(5);
        }
    }

    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < racers.size(); i++) {
            Path log = dir.resolve("racer-" + i + ".log");
            all.append("\n--- racer ").append(i).append(" (pid ").append(racers.get(i).pid()).append(")\n")
                    .append(Files.exists(log) ? Files.readString(log) : "");
        }
        return all.toString();
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
