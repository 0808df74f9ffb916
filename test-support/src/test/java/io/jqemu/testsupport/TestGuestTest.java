package io.jqemu.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating the test guest through {@code JQEMU_GUEST_DIR}, on made-up directories (nothing is built or booted). */
class TestGuestTest {
    @TempDir
    Path dir;

    @Test
    void theConfiguredDirectoryIsTheGuest() throws IOException {
        Files.createFile(dir.resolve("vmlinux"));
        Files.writeString(dir.resolve("cmdline"), "console=ttyS0 quiet\n");

        TestGuest guest = TestGuest.locate(Map.of("JQEMU_GUEST_DIR", dir.toString()));

        assertThat(guest.dir()).isEqualTo(dir);
        assertThat(guest.cmdline()).isEqualTo("console=ttyS0 quiet");
        assertThat(guest.directBootArgs()).containsExactly("-kernel", dir.resolve("vmlinux").toString(),
                "-initrd", dir.resolve("initramfs.cpio.gz").toString(), "-append", "console=ttyS0 quiet");
    }

    @Test
    void aDirectoryWithoutAGuestFailsNamingTheTag() {
        Path missing = dir.resolve("no-guest");

        assertThatThrownBy(() -> TestGuest.locate(Map.of("JQEMU_GUEST_DIR", missing.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JQEMU_GUEST_DIR=" + missing)
                .hasMessageContaining("no vmlinux").hasMessageContaining("@BootsGuest");
    }
}
