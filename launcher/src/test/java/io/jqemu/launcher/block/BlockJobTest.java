package io.jqemu.launcher.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.VmExitedException;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevBackup;
import io.jqemu.qmp.command.HumanMonitorCommand;
import io.jqemu.qmp.command.QueryJobs;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block jobs, backups and their failures against a paused QEMU (no guest): progress, cancel and a
 * job error carry QEMU's reason, concluded jobs are dismissed, and a QEMU killed in the middle of a
 * backup leaves no backup counted and makes the next one full.
 */
@RequiresQemu
class BlockJobTest {
    private static final Duration JOB = Duration.ofMinutes(2);
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** A qcow2 image of {@code mib} MiB whose first {@code dataMib} MiB hold a pattern. */
    static Path qcow2WithData(Path dir, String name, int mib, int dataMib) throws Exception {
        Path image = dir.resolve(name);
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), mib + "M");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 " + dataMib + "M", image.toString());
        return image;
    }

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    /** The job's progress once it is running and has computed its total. */
    static JobProgress startedProgress(BlockJob job) throws InterruptedException {
        long deadline = System.nanoTime() + JOB.toNanos();
        JobProgress p = job.progress();
        while (p.total() == 0 && !job.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            p = job.progress();
        }
        return p;
    }

    private RunningVm pausedVm(Launcher launcher, String name, Path image) {
        return launcher.launch(TestMachines.empty(name).virtioScsi()
                .disk(Disk.imageFile(image.toString()).format(DiskFormat.QCOW2).scsiHd(0, 0, 0).build()).build(),
                LaunchOptions.startPaused());
    }

    @Test
    void aThrottledBackupReportsProgressAndCancelCarriesQemusReason() throws Exception {
        Path image = qcow2WithData(dir, "src.qcow2", 64, 32);
        try (RunningVm vm = pausedVm(TestMachines.launcher(dir), "jobcancel", image)) {
            BlockOperation<BackupResult> backup = vm.backups().start("disk0", true, Optional.of(dir.resolve("b")),
                    OptionalLong.of(MIB));
            BlockJob job = backup.job();
            assertThat(vm.jobs()).containsExactly(job);
            assertThat(job.type()).isEqualTo("backup");
            assertThat(startedProgress(job).total()).isEqualTo(64 * MIB);

            job.cancel();

            assertThatThrownBy(() -> backup.await(JOB)).isInstanceOfSatisfying(BlockJobException.class, e -> {
                assertThat(e.cancelled()).isTrue();
                assertThat(e.qemuReason()).isPresent();
                assertThat(e.getMessage()).contains("was cancelled: " + e.qemuReason().get());
            });
            assertThat(job.isDone()).isTrue();
            assertThat(vm.jobs()).isEmpty();
            assertThat(vm.qmp().send(new QueryJobs())).isEmpty();
            assertThat(BackupChain.load(vm.stateDir(), "disk0").backups()).isEmpty();
            try (var files = Files.list(dir.resolve("b"))) {
                assertThat(files).as("the cancelled backup's file is removed").isEmpty();
            }
            assertThat(BlockGraph.image(vm.qmp(), "fmt-disk0").dirtyBitmaps()).as("no bitmap left behind").isEmpty();
        }
    }

    @Test
    void aJobThatFailsCarriesQemusErrorAndIsDismissed() throws Exception {
        Path image = qcow2WithData(dir, "src.qcow2", 16, 8);
        Path target = dir.resolve("target.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", target.toString(), "16M");
        try (RunningVm vm = pausedVm(TestMachines.launcher(dir), "joberror", image)) {
            ObjectNode options = JsonNodeFactory.instance.objectNode().put("driver", "qcow2").put("node-name", "bad");
            ObjectNode blkdebug = options.putObject("file").put("driver", "blkdebug");
            blkdebug.putArray("inject-error").addObject().put("event", "write_aio").put("errno", 5).put("once", false);
            blkdebug.putObject("image").put("driver", "file").put("filename", target.toString());
            vm.qmp().send(new BlockdevAdd(options));

            BlockJob job = vm.startJob("backup", id -> new BlockdevBackup(id, "fmt-disk0", "bad", "full",
                    Optional.empty(), OptionalLong.empty()));

            assertThatThrownBy(() -> job.await(JOB)).isInstanceOfSatisfying(BlockJobException.class, e -> {
                assertThat(e.cancelled()).isFalse();
                assertThat(e.qemuReason()).hasValue("Input/output error");
                assertThat(e.getMessage()).isEqualTo("job " + job.id() + " (backup) failed: Input/output error");
            });
            assertThat(job.error()).hasValue("Input/output error");
            assertThat(vm.qmp().send(new QueryJobs())).isEmpty();
        }
    }

    @Test
    void aCommandQemuRefusesFailsTheJobAtOnceWithQemusReason() throws Exception {
        Path image = qcow2WithData(dir, "src.qcow2", 16, 1);
        try (RunningVm vm = pausedVm(TestMachines.launcher(dir), "jobrefused", image)) {
            assertThatThrownBy(() -> vm.startJob("backup", id -> new BlockdevBackup(id, "fmt-disk0", "nosuchnode",
                    "full", Optional.empty(), OptionalLong.empty())))
                    .isInstanceOf(BlockJobException.class)
                    .hasMessageContaining("backup job could not start")
                    .hasMessageContaining("nosuchnode");
            assertThat(vm.jobs()).isEmpty();
        }
    }

    @Test
    void aQemuKilledMidBackupLeavesNoBackupCountedAndTheNextBackupIsFullAndSaysWhy() throws Exception {
        Path image = qcow2WithData(dir, "src.qcow2", 64, 32);
        Launcher launcher = TestMachines.launcher(dir);
        Path backups = dir.resolve("b");
        Path stateDir;
        try (RunningVm vm = pausedVm(launcher, "jobkill", image)) {
            stateDir = vm.stateDir();
            BackupResult first = vm.backups().start("disk0", false, Optional.of(backups), OptionalLong.empty()).await(JOB);
            assertThat(first.backup().full()).isTrue();
            assertThat(first.fullBecause()).hasValueSatisfying(r -> assertThat(r).contains("no earlier backup"));

            assertThat(vm.qmp().send(new HumanMonitorCommand("qemu-io -d disk0 \"write -P 0x11 0 16M\""))).isBlank();
            BlockOperation<BackupResult> second = vm.backups().start("disk0", false, Optional.of(backups),
                    OptionalLong.of(MIB));
            assertThat(startedProgress(second.job()).total()).isEqualTo(16 * MIB);
            assertThat(second.job().isDone()).isFalse();
            vm.kill();

            assertThatThrownBy(() -> second.await(JOB)).isInstanceOf(VmExitedException.class);
        }
        assertThat(BackupChain.load(stateDir, "disk0").backups()).as("only the completed backup counts").hasSize(1);
        try (var files = Files.list(backups)) {
            assertThat(files).as("the killed backup's file is removed").hasSize(1);
        }
        try (RunningVm vm = pausedVm(launcher, "jobkill", image)) {
            BackupResult next = vm.backups().start("disk0", false, Optional.of(backups), OptionalLong.empty()).await(JOB);
            assertThat(next.backup().full()).isTrue();
            assertThat(next.fullBecause()).hasValueSatisfying(r -> assertThat(r).contains("dirty bitmap")
                    .contains("QEMU did not close the image cleanly"));
            assertThat(BackupChain.load(stateDir, "disk0").backups()).hasSize(2);
        }
    }

    @Test
    void badSnapshotRequestsChangeNothingAndABackupAfterASnapshotIsFullAndSaysWhy() throws Exception {
        Path image = qcow2WithData(dir, "src.qcow2", 16, 1);
        Files.writeString(dir.resolve("taken.qcow2"), "not mine");
        try (RunningVm vm = pausedVm(TestMachines.launcher(dir), "snaprules", image)) {
            vm.backups().start("disk0", true, Optional.of(dir.resolve("b")), OptionalLong.empty()).await(JOB);

            assertThatThrownBy(() -> vm.snapshots().create("disk0", "../x", SnapshotConsistency.CRASH, Optional.empty()))
                    .hasMessageContaining("snapshot name '../x': use 1 to 40 letters, digits");
            assertThatThrownBy(() -> vm.snapshots().create("disk0", "s1", SnapshotConsistency.CRASH,
                    Optional.of(dir.resolve("taken.qcow2")))).hasMessageContaining("taken.qcow2 already exists");
            assertThatThrownBy(() -> vm.snapshots().create("disk9", "s1", SnapshotConsistency.CRASH, Optional.empty()))
                    .hasMessageContaining("the VM has no disk 'disk9'");
            assertThatThrownBy(() -> vm.snapshots().create("disk0", "s1", SnapshotConsistency.APPLICATION,
                    Optional.empty())).hasMessageContaining("has no guest-agent channel");
            assertThat(Files.readString(dir.resolve("taken.qcow2"))).isEqualTo("not mine");
            assertThat(vm.snapshots().list("disk0")).isEmpty();
            assertThat(BlockGraph.topNode(vm.qmp(), "disk0")).isEqualTo("fmt-disk0");

            vm.snapshots().create("disk0", "s1", SnapshotConsistency.CRASH, Optional.empty());
            BackupResult after = vm.backups().start("disk0", false, Optional.of(dir.resolve("b")), OptionalLong.empty())
                    .await(JOB);

            assertThat(after.backup().full()).isTrue();
            assertThat(after.fullBecause()).hasValueSatisfying(r -> assertThat(r)
                    .contains("writes to " + image + ".s1.qcow2 since a snapshot or commit"));
        }
    }

    @Test
    void aLaunchRefusesADiskWhosePathIsNotTheImageItsSnapshotsWereTakenOf() throws Exception {
        Path image = qcow2WithData(dir, "src.qcow2", 16, 1);
        Launcher launcher = TestMachines.launcher(dir);
        Path stateDir;
        try (RunningVm vm = pausedVm(launcher, "moved", image)) {
            stateDir = vm.stateDir();
            vm.snapshots().create("disk0", "s1", SnapshotConsistency.CRASH, Optional.empty());
        }
        assertThat(launcher.render(TestMachines.empty("moved").virtioScsi()
                .disk(Disk.imageFile(image.toString()).format(DiskFormat.QCOW2).scsiHd(0, 0, 0).build()).build()).argv())
                .anyMatch(a -> a.contains(image + ".s1.qcow2"));
        Path other = qcow2WithData(dir, "other.qcow2", 16, 1);
        assertThatThrownBy(() -> pausedVm(launcher, "moved", other)).isInstanceOf(io.jqemu.launcher.LauncherException.class)
                .hasMessageContaining("disks[0].path: " + other + " is not the image the snapshots of disk disk0 were taken of")
                .hasMessageContaining(stateDir.resolve("snapshots-disk0.json").toString());
    }
}
