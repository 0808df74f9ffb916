package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI says about hostile input: bad VM names, unreadable files, deep nesting; never a JVM trace. */
class HostileInputTest {

    @TempDir
    Path dir;

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }

    private static void assertNoTrace(CliRun run) {
        assertThat(run.out() + run.err()).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("Error:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "a\\nb", "a,debug-threads=off", "-x", "", " a", "ä"})
    void badVmNamesAreInvalidVmTomlWithTheirPosition(String name) throws IOException {
        Path vm = Files.writeString(dir.resolve("bad.toml"), "name = \"" + name + "\"\naccelerator = \"tcg\"\n");
        for (String command : List.of("argv", "check")) {
            CliRun run = jqemu(command, vm.toString());

            assertThat(run.exitCode()).as(command + ": " + run.out() + run.err()).isEqualTo(3);
            assertThat(run.err()).as(command).startsWith(vm + ":1:8: name: ");
            assertNoTrace(run);
        }
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void aThreeHundredCharacterNameIsInvalidVmToml() throws IOException {
        Path vm = Files.writeString(dir.resolve("long.toml"), "name = \"" + "n".repeat(300) + "\"\n");

        CliRun run = jqemu("argv", vm.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith(vm + ":1:8: name: ").contains("at most 64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../victim", "..", "a/b", "/etc", "a\nb", ""})
    void managementCommandsRefuseNamesOutsideTheStateRoot(String name) {
        List<String[]> commands = List.of(new String[] {"stop", name}, new String[] {"qmp", name, "query-status"},
                new String[] {"ga", name, "ping"},
                new String[] {"balloon", name, "512"}, new String[] {"detach", name, "disk0"},
                new String[] {"attach", name, "disk", "/tmp/x.img"});
        for (String[] command : commands) {
            CliRun run = jqemu(command);

            assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(command[0]).startsWith("NAME: ").contains("letters, digits");
        }
    }

    @Test
    void invalidUtf8IsPlacedAtItsFirstBadByte() throws IOException {
        Path vm = dir.resolve("latin1.toml");
        Files.write(vm, "name = \"x\"\nmachine_type = \"q35\"\n# caf\u00e9\ncomment = \"".getBytes(StandardCharsets.ISO_8859_1));

        CliRun run = jqemu("argv", vm.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith(vm + ":3:6: not valid UTF-8 (byte 0xe9 at byte offset 37)");
    }

    @Test
    void aDeviceIsNotReadAtAll() {
        CliRun run = jqemu("argv", "/dev/zero");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("/dev/zero: not a regular file");
        assertNoTrace(run);
    }

    @Test
    void aFileLargerThanTheLimitIsRefused() throws IOException {
        Path vm = Files.writeString(dir.resolve("huge.toml"), "name = \"x\"\n" + "# padding\n".repeat(120_000));

        CliRun run = jqemu("check", vm.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith(vm + ": larger than 1 MiB");
    }

    @Test
    void deepNestingIsOneLineAndNoTrace() throws IOException {
        Path vm = Files.writeString(dir.resolve("deep.toml"),
                "name = \"x\"\ncpu = " + "{ a = ".repeat(2000) + "1" + " }".repeat(2000) + "\n");

        CliRun run = jqemu("argv", vm.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith(vm + ":2:").contains("nested deeper than");
        assertThat(run.err().lines()).hasSizeLessThanOrEqualTo(2);
        assertNoTrace(run);
    }

    @Test
    void noSandboxAndExtraArgumentsAreWarnedAboutByArgvCheckAndRun() throws IOException {
        Path vm = Files.writeString(dir.resolve("unsafe.toml"), """
                name = "unsafe"
                accelerator = "tcg"
                sandbox = false
                unsafe_extra_args = ["-monitor", "tcp:0.0.0.0:4444,server=on,wait=off"]
                """);
        for (String[] command : List.of(new String[] {"argv", vm.toString()}, new String[] {"check", vm.toString()},
                new String[] {"run", "--dry-run", vm.toString()})) {
            CliRun run = jqemu(command);

            assertThat(run.exitCode()).as(command[0] + ": " + run.err()).isZero();
            List<String> warnings = run.err().lines().filter(l -> l.contains("warning")).toList();
            assertThat(warnings).as(command[0]).hasSize(2);
            assertThat(warnings.get(0)).startsWith("jqemu: warning: " + vm + ":3:11: sandbox: ");
            assertThat(warnings.get(1)).startsWith("jqemu: warning: " + vm + ":4:21: unsafe_extra_args: ")
                    .contains("-monitor tcp:0.0.0.0:4444,server=on,wait=off");
        }
    }

    @Test
    void anInsecureNetworkConsoleIsWarnedAbout() throws IOException {
        Path vm = Files.writeString(dir.resolve("open.toml"), """
                name = "open"
                accelerator = "tcg"
                [display]
                graphics = { type = "spice", address = "0.0.0.0", port = 5999, auth = "none", insecure = true }
                """);

        CliRun run = jqemu("argv", vm.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> l.contains("warning"))).singleElement().asString()
                .startsWith("jqemu: warning: " + vm + ":4:").contains("display.graphics.insecure: true: the spice console");
    }

    @Test
    void aSafeVmGetsNoWarning() throws IOException {
        Path vm = Files.writeString(dir.resolve("safe.toml"), "name = \"safe\"\naccelerator = \"tcg\"\n");

        CliRun run = jqemu("argv", vm.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).doesNotContain("warning");
    }
}
