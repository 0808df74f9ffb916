package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.CharBackend;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serial port whose host side is a file: the file is private to the VM's owner (0600) when the
 * launch creates it, QEMU appends to an existing one (its content and mode kept), and a failed
 * launch takes back a file it created.
 */
@RequiresQemu
class SerialLogFileTest {
    @TempDir
    Path dir;

    @Test
    void aNewSerialLogIsPrivateAndQemuWritesIntoIt() throws Exception {
        Path log = dir.resolve("serial.log");
        try (RunningVm vm = TestMachines.launcher(dir).launch(
                TestMachines.empty("seriallog").serial(CharBackend.file(log.toString())).build(),
                LaunchOptions.startPaused())) {
            assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(openFiles(vm.pid())).as("QEMU holds the log open").contains(log);
        }
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void anExistingSerialLogKeepsItsContentAndMode() throws Exception {
        Path log = dir.resolve("kept.log");
        Files.writeString(log, "earlier output\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r-----"));
        try (RunningVm vm = TestMachines.launcher(dir).launch(
                TestMachines.empty("keptlog").serial(CharBackend.file(log.toString())).build(),
                LaunchOptions.startPaused())) {
            assertThat(vm.state()).isEqualTo(VmState.PAUSED);
        }
        assertThat(Files.readString(log)).startsWith("earlier output\n");
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void aFailedLaunchRemovesTheSerialLogItCreated() throws Exception {
        Path log = dir.resolve("failed.log");
        assertThatThrownBy(() -> TestMachines.launcher(dir).launch(TestMachines.empty("failedlog")
                        .serial(CharBackend.file(log.toString()))
                        .unsafeExtraArgs(List.of("-device", "no-such-device")).build(),
                LaunchOptions.startPaused()))
                .isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("no-such-device");
        assertThat(log).doesNotExist();
    }

    private static java.util.Set<Path> openFiles(long pid) throws java.io.IOException {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (java.io.IOException closed) {
                    return fd;
                }
            }).collect(java.util.stream.Collectors.toSet());
        }
    }
}
