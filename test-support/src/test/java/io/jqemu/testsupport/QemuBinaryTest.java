package io.jqemu.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for finding QEMU, on made-up environments and files (nothing is started). */
class QemuBinaryTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableWinsOverPath() throws IOException {
        Path configured = executable(dir.resolve("mine/qemu"));
        executable(dir.resolve("bin/qemu-system-x86_64"));

        assertThat(QemuBinary.resolve(Map.of("JQEMU_QEMU", configured.toString(), "PATH", dir.resolve("bin").toString())))
                .isEqualTo(configured.toString());
    }

    @Test
    void aMissingConfiguredBinaryFailsNamingTheTags() {
        String missing = dir.resolve("nope/qemu-system-x86_64").toString();

        assertThatThrownBy(() -> QemuBinary.resolve(Map.of("JQEMU_QEMU", missing, "PATH", "/usr/bin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JQEMU_QEMU=" + missing + " is not an executable file")
                .hasMessageContaining("@RequiresQemu").hasMessageContaining("@BootsGuest")
                .hasMessageContaining("./scripts/test --quick");
    }

    @Test
    void aFileThatIsNotExecutableIsRefused() throws IOException {
        Path plain = Files.createFile(dir.resolve("qemu"));

        assertThatThrownBy(() -> QemuBinary.resolve(Map.of("JQEMU_QEMU", plain.toString())))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void withoutTheVariableTheFirstOnPathIsTaken() throws IOException {
        executable(dir.resolve("second/qemu-system-x86_64"));
        Path first = executable(dir.resolve("first/qemu-system-x86_64"));
        String path = dir.resolve("empty") + ":" + dir.resolve("first") + ":" + dir.resolve("second");

        assertThat(QemuBinary.resolve(Map.of("PATH", path))).isEqualTo(first.toString());
        assertThat(QemuBinary.resolve(Map.of("JQEMU_QEMU", " ", "PATH", path))).isEqualTo(first.toString());
    }

    @Test
    void noQemuAnywhereSaysWhatToInstall() {
        assertThatThrownBy(() -> QemuBinary.resolve(Map.of("PATH", dir.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qemu-system-x86_64 is not on PATH (" + dir + ")")
                .hasMessageContaining("qemu-system-x86");
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
