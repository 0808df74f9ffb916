package io.jqemu.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.launcher.VmStateFile;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jqemu disk create|resize|info}, {@code jqemu save-state} and {@code jqemu run --restore}, with a real QEMU (TCG, no guest). */
@RequiresQemu
class DiskAndStateCommandsTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private RunProcess run;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }

    @Test
    void diskCreateMakesPrivateImagesAndNeverOverwrites() throws Exception {
        Path raw = dir.resolve("a.raw");
        CliRun created = jqemu("disk", "create", raw.toString(), "--size", "16M");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("created raw image " + raw + " of 16M");
        assertThat(Files.size(raw)).isEqualTo(16 * MIB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(raw))).isEqualTo("rw-------");

        Path overlay = dir.resolve("b.qcow2");
        CliRun onBacking = jqemu("disk", "create", overlay.toString(), "--size", "32M", "--backing", raw.toString());
        assertThat(onBacking.exitCode()).as(onBacking.err()).isZero();
        CliRun info = jqemu("disk", "info", overlay.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("format:       qcow2", "virtual size: 32M (33554432 bytes)",
                "backing file: " + raw + " (raw)");
        CliRun json = jqemu("disk", "info", "--json", overlay.toString());
        assertThat(json.out()).contains("\"virtual-size\" : 33554432", "\"format\" : \"qcow2\"");

        Files.writeString(dir.resolve("taken.img"), "mine");
        CliRun again = jqemu("disk", "create", dir.resolve("taken.img").toString(), "--size", "1M");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists; jqemu never overwrites");
        assertThat(dir.resolve("taken.img")).hasContent("mine");

        CliRun badSize = jqemu("disk", "create", dir.resolve("c.raw").toString(), "--size", "12X");
        assertThat(badSize.exitCode()).isEqualTo(2);
        assertThat(badSize.err()).contains("SIZE: '12X' is not a size");
        CliRun rawBacking = jqemu("disk", "create", dir.resolve("d.raw").toString(), "--size", "1M", "--format", "raw",
                "--backing", raw.toString());
        assertThat(rawBacking.exitCode()).isEqualTo(2);
        assertThat(rawBacking.err()).contains("--backing: a backing image needs --format qcow2, not raw");
        assertThat(dir.resolve("c.raw")).doesNotExist();
        assertThat(dir.resolve("d.raw")).doesNotExist();
        CliRun missing = jqemu("disk", "info", dir.resolve("gone.img").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("gone.img does not exist");
    }

    @Test
    void diskResizeOfAFileGrowsItOfflineAndRefusesToShrink() {
        Path raw = dir.resolve("grow.raw");
        assertThat(jqemu("disk", "create", raw.toString(), "--size", "8M").exitCode()).isZero();

        CliRun grown = jqemu("disk", "resize", raw.toString(), "12M");
        CliRun shrunk = jqemu("disk", "resize", raw.toString(), "4M");

        assertThat(grown.exitCode()).as(grown.err()).isZero();
        assertThat(grown.out()).contains(raw + ": 8M -> 12M");
        assertThat(raw.toFile().length()).isEqualTo(12 * MIB);
        assertThat(shrunk.exitCode()).isEqualTo(1);
        assertThat(shrunk.err()).contains("refusing to shrink " + raw + " from 12M to 4M");
        assertThat(raw.toFile().length()).isEqualTo(12 * MIB);
    }

    @Test
    void aVmsDiskGrowsLiveThenItsStateIsSavedItsDiskGrowsOfflineAndTheStaleStateIsRefused() throws Exception {
        Path disk = dir.resolve("vm-disk.raw");
        Path toml = Files.writeString(dir.resolve("stately.toml"), """
                name = "stately"
                accelerator = "tcg"
                memory_mib = 64

                [[disks]]
                path = "%s"
                create = { size = "8M" }
                """.formatted(disk));
        run = RunProcess.start(dir, "stately", "--paused", toml.toString());
        run.awaitRunning(Duration.ofSeconds(120));
        assertThat(Files.size(disk)).isEqualTo(8 * MIB);

        CliRun live = jqemu("disk", "resize", "stately", "disk0", "16M");
        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.out()).contains("stately: disk disk0 8M -> 16M (live)");
        assertThat(Files.size(disk)).isEqualTo(16 * MIB);
        CliRun shrink = jqemu("disk", "resize", "stately", "disk0", "8M");
        assertThat(shrink.exitCode()).isEqualTo(1);
        assertThat(shrink.err()).contains("refusing to shrink disk disk0 from 16M to 8M");

        Path state = dir.resolve("stately.state");
        CliRun saved = jqemu("save-state", "stately", state.toString());
        assertThat(saved.exitCode()).as(saved.err()).isZero();
        assertThat(saved.out()).contains("state saved to " + state, "QEMU stopped");
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("stately: state saved to " + state + ", QEMU stopped");
        assertThat(VmStateFile.read(state).vm()).isEqualTo("stately");
        assertThat(disk).exists();

        CliRun offline = jqemu("disk", "resize", "stately", "disk0", "24M");
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("(offline)");
        assertThat(Files.size(disk)).isEqualTo(24 * MIB);

        CliRun stale = CliRun.under(dir, "run", toml.toString(), "--restore", state.toString());
        assertThat(stale.exitCode()).isEqualTo(5);
        assertThat(stale.err()).contains("disks[0] " + disk + " was written after the state was saved");
    }

    @Test
    void aSavedStateIsRestoredByRunRestore() throws Exception {
        Path toml = Files.writeString(dir.resolve("hibernate.toml"),
                "name = \"hibernate\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        run = RunProcess.start(dir, "hibernate", "--paused", toml.toString());
        run.awaitRunning(Duration.ofSeconds(120));
        assertThat(jqemu("qmp", "hibernate", "cont").exitCode()).isZero();
        Path state = dir.resolve("hibernate.state");
        CliRun saved = jqemu("save-state", "hibernate", state.toString(), "--then", "stop");
        assertThat(saved.exitCode()).as(saved.err()).isZero();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        run.close();

        run = RunProcess.start(dir, "hibernate", "--paused", "--restore", state.toString(), toml.toString());
        run.awaitRunning(Duration.ofSeconds(120));
        run.awaitStderr("restoring the state saved in " + state, Duration.ofSeconds(10));
        // the saved guest ran; --paused keeps the restored one paused until cont
        CliRun status = jqemu("qmp", "hibernate", "query-status");
        assertThat(status.out()).contains("\"status\" : \"paused\"");
        assertThat(jqemu("qmp", "hibernate", "cont").exitCode()).isZero();
        assertThat(jqemu("qmp", "hibernate", "query-status").out()).contains("\"status\" : \"running\"");

        Path bigger = Files.writeString(dir.resolve("bigger.toml"),
                "name = \"bigger\"\naccelerator = \"tcg\"\nmemory_mib = 96\n");
        CliRun mismatch = CliRun.under(dir, "run", bigger.toString(), "--restore", state.toString());
        assertThat(mismatch.exitCode()).isEqualTo(5);
        assertThat(mismatch.err()).contains("the machine differs from the one saved (VM hibernate)",
                "saved with -m size=64M", "now -m size=96M");
    }
}
