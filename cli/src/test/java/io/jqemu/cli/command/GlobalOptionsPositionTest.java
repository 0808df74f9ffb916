package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --state-root} and {@code --runtime-root} count before the subcommand as well as after it. */
class GlobalOptionsPositionTest {

    @TempDir
    Path dir;

    @Test
    void stateRootBeforeTheSubcommandIsHonoured() throws IOException {
        Path root = Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(root.resolve("only-here"));

        CliRun ls = CliRun.of("--state-root", root.toString(), "ls");

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("only-here");
    }

    @Test
    void managementCommandsUseTheStateRootGivenBeforeThem() {
        Path root = dir.resolve("empty-state");

        CliRun stop = CliRun.of("--state-root", root.toString(), "--runtime-root", dir.resolve("run").toString(),
                "stop", "ghost");

        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.err()).contains("no running VM named 'ghost' under " + root);
    }

    @Test
    void theOptionCloserToTheSubcommandWins() throws IOException {
        Path outer = Files.createDirectories(dir.resolve("outer/outer-vm"));
        Path inner = Files.createDirectories(dir.resolve("inner/inner-vm"));

        CliRun ls = CliRun.of("--state-root", outer.getParent().toString(), "ls",
                "--state-root", inner.getParent().toString());

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("inner-vm").doesNotContain("outer-vm");
    }
}
