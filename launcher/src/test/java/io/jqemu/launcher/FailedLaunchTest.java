package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.Machine;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launch that fails after the host was prepared — here QEMU cannot even be executed: one
 * argument longer than the kernel's 128 KiB limit gives E2BIG — undoes everything it created,
 * the VM's state directory included when the launch made it, and keeps one that existed before.
 */
@RequiresQemu
class FailedLaunchTest {
    @TempDir
    Path dir;

    @Test
    void aLaunchThatCannotExecQemuLeavesNoStateDirectoryBehind() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Machine machine = tooLongToExec("e2big");

        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused()))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("Argument list too long");

        assertThat(dir.resolve("state/e2big")).doesNotExist();
        assertThat(launcher.render(machine).paths().runtimeDir()).doesNotExist();
    }

    @Test
    void aStateDirectoryThatExistedBeforeIsKeptWithItsContent() throws Exception {
        Launcher launcher = TestMachines.launcher(dir);
        Machine machine = tooLongToExec("kept");
        Path stateDir = dir.resolve("state/kept");
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("OVMF_VARS.fd"), "vars of earlier runs");

        assertThatThrownBy(() -> launcher.launch(machine, LaunchOptions.startPaused()))
                .isInstanceOf(LauncherException.class);

        assertThat(stateDir.resolve("OVMF_VARS.fd")).hasContent("vars of earlier runs");
        assertThat(stateDir.resolve(io.jqemu.launcher.host.UndoJournal.FILE_NAME)).doesNotExist();
        assertThat(launcher.render(machine).paths().runtimeDir()).doesNotExist();
    }

    private static Machine tooLongToExec(String name) {
        return TestMachines.empty(name).unsafeExtraArgs(List.of("-name", "x".repeat(200_000))).build();
    }
}
