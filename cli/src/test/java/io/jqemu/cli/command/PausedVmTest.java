package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A paused VM as the CLI shows it: ls says paused, stop says what to do in jqemu's terms (a real QEMU, TCG). */
@RequiresQemu
class PausedVmTest {

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
        assertThat(run.exitValue()).as(run.stderr()).isEqualTo(7);
    }

    private long startPausedRun() throws Exception {
        Path vm = Files.writeString(dir.resolve("pausy.toml"), "name = \"pausy\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        run = RunProcess.start(dir, "pausy", "--paused", vm.toString());
        return run.awaitRunning(Duration.ofSeconds(120));
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
