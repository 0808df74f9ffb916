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

/** A paused VM as the CLI shows it: ls says paused, stop says what to do in jqemu's terms (a real QEMU, TCG). */
class PausedVmTest {

    @TempDir
    Path dir;

    private Process run;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null && run.isAlive()) {
            run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        VmRecord.readFrom(dir.resolve("state/pausy")).flatMap(r -> ProcessHandle.of(r.pid()))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void lsShowsPausedAndStopSaysHowToGoOn() throws Exception {
        long qemu = startPausedRun();

        CliRun ls = jqemu("ls");
        CliRun stop = jqemu("stop", "pausy");

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).containsPattern("pausy\\s+" + qemu + "\\s+paused\\s+jqemu run");
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.err()).contains("paused").contains("jqemu qmp pausy cont")
                .contains("jqemu stop --force pausy").doesNotContain("RunningVm").doesNotContain("null");
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        CliRun force = jqemu("stop", "--force", "pausy");

        assertThat(force.exitCode()).as(force.err()).isZero();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(stderr()).isEqualTo(7);
    }

    private long startPausedRun() throws Exception {
        Path vm = Files.writeString(dir.resolve("pausy.toml"), "name = \"pausy\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.jqemu.cli.Jqemu", "run", "--paused",
                "--state-root", dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString(),
                vm.toString()));
        run = new ProcessBuilder(command).redirectError(dir.resolve("run.err").toFile())
                .redirectOutput(dir.resolve("run.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Optional<VmRecord> record = VmRecord.readFrom(dir.resolve("state/pausy"));
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
            return Files.exists(dir.resolve("run.err")) ? Files.readString(dir.resolve("run.err"), StandardCharsets.UTF_8) : "";
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
