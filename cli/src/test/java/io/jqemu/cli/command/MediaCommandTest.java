package io.jqemu.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jqemu media} (and {@code jqemu attach cdrom}) against a paused {@code jqemu run} with an empty ide-cd drive and a scsi-cd
 * drive holding a medium (no guest: nothing locks the trays); bad actions, paths and drives are
 * named.
 */
@RequiresQemu
class MediaCommandTest {

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
    void insertChangeAndEjectThroughTheRunningVm() throws Exception {
        Path first = Files.write(dir.resolve("first.iso"), new byte[1 << 16]);
        Path second = Files.write(dir.resolve("second.iso"), new byte[1 << 16]);
        Path vm = Files.writeString(dir.resolve("discs.toml"), """
                name = "discs"
                accelerator = "tcg"
                memory_mib = 64

                [[scsi_controllers]]

                [[cdroms]]

                [[cdroms]]
                path = "%s"
                attachment = { type = "scsi-cd" }
                id = "tools"
                """.formatted(first));
        run = RunProcess.start(dir, "discs", "--paused", vm.toString());
        run.awaitRunning(Duration.ofSeconds(120));

        assertThat(jqemu("media", "discs", "cd0").out()).isEqualTo("discs: cd0: no medium, tray closed\n");
        assertThat(jqemu("media", "discs", "tools", "status").out()).isEqualTo("discs: tools: " + first + ", tray closed\n");

        CliRun insert = jqemu("media", "discs", "cd0", "insert", second.toString());
        assertThat(insert.exitCode()).as(insert.err()).isZero();
        assertThat(insert.out()).isEqualTo("discs: cd0: " + second + ", tray closed\n");

        CliRun change = jqemu("media", "discs", "tools", "change", second.toString());
        assertThat(change.exitCode()).as(change.err()).isZero();
        assertThat(change.out()).isEqualTo("discs: tools: " + second + ", tray closed\n");

        CliRun eject = jqemu("media", "discs", "cd0", "eject", "--force");
        assertThat(eject.exitCode()).as(eject.err()).isZero();
        assertThat(eject.out()).isEqualTo("discs: cd0: no medium, tray open\n");

        CliRun full = jqemu("media", "discs", "tools", "insert", first.toString());
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err()).contains("drive tools holds " + second, "eject it first");
        CliRun missing = jqemu("media", "discs", "cd0", "insert", dir.resolve("gone.iso").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains(dir.resolve("gone.iso") + " does not exist");
        CliRun unknown = jqemu("media", "discs", "cd5", "eject");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no CD-ROM drive 'cd5' (its drives: cd0, tools)");

        CliRun attach = jqemu("attach", "discs", "cdrom", first.toString(), "--target", "2");
        assertThat(attach.exitCode()).as(attach.err()).isZero();
        String attached = attach.out().strip();
        assertThat(jqemu("media", "discs", attached).out()).isEqualTo("discs: " + attached + ": " + first + ", tray closed\n");
        CliRun detach = jqemu("detach", "discs", attached);
        assertThat(detach.exitCode()).as(detach.err()).isZero();
        assertThat(jqemu("media", "discs", attached).err()).contains("no CD-ROM drive '" + attached + "'");
    }

    @Test
    void badActionsAndPathsAreUsageErrors() {
        CliRun noPath = jqemu("media", "discs", "cd0", "insert");
        assertThat(noPath.exitCode()).isEqualTo(2);
        assertThat(noPath.err()).contains("PATH: insert needs the ISO image");
        CliRun extraPath = jqemu("media", "discs", "cd0", "eject", "/iso/a.iso");
        assertThat(extraPath.exitCode()).isEqualTo(2);
        assertThat(extraPath.err()).contains("PATH: eject takes no path");
        CliRun badAction = jqemu("media", "discs", "cd0", "spin");
        assertThat(badAction.exitCode()).isEqualTo(2);
        assertThat(badAction.err()).contains("ACTION: 'spin' is not one of status, eject, insert, change");
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
