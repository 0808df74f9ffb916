package io.jqemu.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jqemu backup}, {@code restore} and {@code snapshot} against a paused {@code jqemu run}
 * (a real QEMU, no guest; the guest's view is proven in the launcher's BlockGuestTest).
 */
@RequiresQemu
class BlockCommandsTest {

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
    void backupShowsProgressListsRestoresAndSnapshotCreatesListsAndCommits() throws Exception {
        Path image = dir.resolve("data.qcow2");
        exec("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "16M");
        exec("qemu-io", "-f", "qcow2", "-c", "write -P 0x3c 0 8M", image.toString());
        Path vm = Files.writeString(dir.resolve("blocky.toml"), """
                name = "blocky"
                accelerator = "tcg"
                memory_mib = 64

                [[scsi_controllers]]

                [[disks]]
                path = "%s"
                format = "qcow2"
                attachment = { type = "scsi-hd" }
                """.formatted(image));
        run = RunProcess.start(dir, "blocky", "--paused", vm.toString());
        run.awaitRunning(Duration.ofSeconds(120));

        CliRun backup = jqemu("backup", "blocky", "--speed", "2097152");
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).containsPattern("blocky: disk0: full backup \\S+-full in .*disk0-\\S+-full.qcow2");
        assertThat(backup.err()).contains("full backup: disk disk0 has no earlier backup")
                .containsPattern("backup disk0: \\d+% \\(\\d+\\.\\d of 16\\.0 MiB\\)")
                .contains("backup disk0: 100% (16.0 of 16.0 MiB)");
        CliRun second = jqemu("backup", "blocky");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("incremental backup");
        CliRun list = jqemu("backup", "blocky", "--list");
        assertThat(list.out().lines()).hasSize(2);
        assertThat(list.out().lines().toList().get(1)).contains("incremental");

        Path restored = dir.resolve("restored.raw");
        CliRun restore = jqemu("restore", "blocky", "--to", restored.toString(), "--format", "raw");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("restored into " + restored + " (from 2 backup files)");
        byte[] content = Files.readAllBytes(restored);
        byte[] expected = new byte[16 << 20];
        Arrays.fill(expected, 0, 8 << 20, (byte) 0x3c);
        assertThat(content).isEqualTo(expected);
        CliRun again = jqemu("restore", "blocky", "--to", restored.toString(), "--format", "raw");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        CliRun create = jqemu("snapshot", "blocky", "create", "s1");
        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(create.out()).contains("blocky: disk0: snapshot s1 taken (crash); writes go to " + image + ".s1.qcow2");
        CliRun snapshots = jqemu("snapshot", "blocky", "list");
        assertThat(snapshots.out()).containsPattern("s1\\s+\\S+\\s+crash\\s+" + image)
                .contains("writes go to " + image + ".s1.qcow2");
        CliRun revert = jqemu("snapshot", "blocky", "revert", "s1");
        assertThat(revert.exitCode()).isEqualTo(1);
        assertThat(revert.err()).contains("already controlled by");
        CliRun commit = jqemu("snapshot", "blocky", "commit");
        assertThat(commit.exitCode()).as(commit.err()).isZero();
        assertThat(commit.out()).contains("blocky: disk0: committed; writes go to " + image);
        assertThat(Path.of(image + ".s1.qcow2")).doesNotExist();
        CliRun bad = jqemu("snapshot", "blocky", "rename");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("ACTION: 'rename' is not one of create, list, commit, revert");
    }

    private static void exec(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
