package io.jqemu.launcher.host.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;

/** The guest build script is idempotent: a second run answers from its cache without rebuilding. */
@BootsGuest
class TestGuestBuildTest {
    @Test
    void secondRunReturnsTheCachedGuestUntouched() throws Exception {
        TestGuest guest = TestGuest.get();
        FileTime built = Files.getLastModifiedTime(guest.initramfs());

        Path again = TestGuest.runBuildScript();

        assertThat(again).isEqualTo(guest.dir());
        assertThat(Files.getLastModifiedTime(guest.initramfs())).isEqualTo(built);
        assertThat(guest.dir().getFileName().toString()).startsWith("guest-" + guest.kernelVersion() + "-");
        try (var in = Files.newInputStream(guest.vmlinux())) {
            assertThat(in.readNBytes(4)).as("vmlinux is ELF").containsExactly(0x7f, 'E', 'L', 'F');
        }
        assertThat(guest.dir().resolve("bzImage")).isNotEmptyFile();
        assertThat(guest.cmdline()).contains("console=ttyS0");
    }
}
