package io.jqemu.cli.systemd;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.CommandFailedException;
import io.jqemu.cli.ExitCode;
import io.jqemu.cli.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code jqemu enable|disable} against a root directory: on a host booted with systemd (a fake
 * {@code run/systemd/system} and a systemctl that records its arguments), in a system image with
 * the real {@code systemctl --root}, and on this host, which systemd did not boot.
 */
class UnitInstallerTest {

    private static final ServiceUnit UNIT = new ServiceUnit(Path.of("/usr/bin/jqemu"));

    @TempDir
    Path root;

    private final List<List<String>> systemctlCalls = new ArrayList<>();
    private final Systemctl recording = args -> {
        systemctlCalls.add(args);
        return "";
    };

    @Test
    void onASystemdHostTheTemplateIsInstalledThenReloadedAndEnabled() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        vmToml("demo", "demo");

        List<String> done = UnitInstaller.live(root, recording, UNIT).enable("demo", true);

        Path template = root.resolve("etc/systemd/system/jqemu@.service");
        assertThat(template).hasContent(UNIT.template().stripTrailing());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(template))).isEqualTo("rw-r--r--");
        assertThat(systemctlCalls).containsExactly(List.of("daemon-reload"),
                List.of("enable", "--now", "jqemu@demo.service"));
        assertThat(done).contains("wrote " + template);
    }

    @Test
    void aTemplateThePackageInstalledIsLeftAsItIs() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        Path packaged = Files.createDirectories(root.resolve("usr/lib/systemd/system")).resolve("jqemu@.service");
        Files.writeString(packaged, "packaged");
        vmToml("demo", "demo");

        UnitInstaller.live(root, recording, UNIT).enable("demo", false);

        assertThat(packaged).hasContent("packaged");
        assertThat(root.resolve("etc/systemd/system/jqemu@.service")).doesNotExist();
        assertThat(systemctlCalls).containsExactly(List.of("daemon-reload"), List.of("enable", "jqemu@demo.service"));
    }

    @Test
    void withoutSystemdAsInitNothingIsInstalledAndTheMessageSaysWhatToDo() throws IOException {
        vmToml("demo", "demo");

        assertThatThrownBy(() -> UnitInstaller.live(root, recording, UNIT).enable("demo", false))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("systemd is not the init system here")
                .hasMessageContaining("nothing was installed")
                .hasMessageContaining("/usr/bin/jqemu run /etc/jqemu/demo.toml")
                .hasMessageContaining("allow it " + ServiceUnit.stopTimeout().toSeconds() + " s before SIGKILL")
                .hasMessageContaining("--root DIR");
        assertThat(systemctlCalls).isEmpty();
        assertThat(root.resolve("etc/systemd")).doesNotExist();
    }

    @Test
    void onThisHostEnableExitsOneWithTheMessage() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/run/systemd/system")),
                "this host was booted by systemd");

        CliRun run = CliRun.of("enable", "demo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("systemd is not the init system here (/run/systemd/system does not exist): "
                + "nothing was installed").contains("run /etc/jqemu/demo.toml");
        assertThat(CliRun.of("disable", "demo").exitCode()).isEqualTo(1);
    }

    @Test
    void aMissingOrMisnamedVmTomlIsRefusedBeforeAnythingChanges() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        UnitInstaller installer = UnitInstaller.live(root, recording, UNIT);

        assertThatThrownBy(() -> installer.enable("demo", false)).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining(root.resolve("etc/jqemu/demo.toml") + ": no such vm.toml");
        vmToml("demo", "other");
        assertThatThrownBy(() -> installer.enable("demo", false)).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("name: the VM is named 'other', not 'demo'")
                .satisfies(e -> assertThat(((CommandFailedException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIG));
        Files.writeString(root.resolve("etc/jqemu/demo.toml"), "name = \"demo\"\nmemory_mib = \"lots\"\n");
        assertThatThrownBy(() -> installer.enable("demo", false)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("memory_mib");

        assertThat(systemctlCalls).isEmpty();
        assertThat(root.resolve("etc/systemd")).doesNotExist();
    }

    @Test
    void aFailedEnableTakesBackTheTemplateItWrote() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        vmToml("demo", "demo");
        Systemctl failing = args -> {
            if (args.get(0).equals("enable")) {
                throw new CommandFailedException(ExitCode.FAILED, "systemctl enable failed");
            }
            return "";
        };

        assertThatThrownBy(() -> UnitInstaller.live(root, failing, UNIT).enable("demo", false))
                .hasMessageContaining("systemctl enable failed");

        assertThat(root.resolve("etc/systemd/system/jqemu@.service")).doesNotExist();
    }

    @Test
    void inASystemImageTheRealSystemctlEnablesAndDisablesOffline() throws IOException {
        vmToml("demo", "demo");
        UnitInstaller installer = UnitInstaller.offline(root, Systemctl.host(), UNIT);
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/jqemu@demo.service");

        installer.enable("demo", false);

        assertThat(Files.isSymbolicLink(wants)).isTrue();
        assertThat(Files.readSymbolicLink(wants)).isEqualTo(Path.of("/etc/systemd/system/jqemu@.service"));

        installer.disable("demo", false);

        assertThat(wants).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/jqemu@.service")).exists();
        assertThatThrownBy(() -> installer.enable("demo", true)).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("--now");
    }

    private void vmToml(String file, String name) throws IOException {
        Path config = Files.createDirectories(root.resolve("etc/jqemu")).resolve(file + ".toml");
        try (Stream<String> lines = Stream.of("name = \"" + name + "\"", "memory_mib = 256")) {
            Files.write(config, lines.toList());
        }
    }
}
