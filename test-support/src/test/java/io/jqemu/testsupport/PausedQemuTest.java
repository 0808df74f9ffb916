package io.jqemu.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The paused-QEMU fixture against a real QEMU: its monitors answer, and it leaves nothing behind. */
@RequiresQemu
class PausedQemuTest {
    @Test
    void bothMonitorsAnswerAndCloseRemovesTheDirectory() throws IOException {
        Path dir;
        try (PausedQemu qemu = PausedQemu.start("-device", "pcie-root-port,id=rp1,chassis=1")) {
            dir = qemu.dir();
            assertThat(qemu.qmp().execute("query-status").path("status").asText()).isEqualTo("prelaunch");
            try (TestQmp second = TestQmp.connect(qemu.secondQmpSocket())) {
                assertThat(second.qomGet("/machine/peripheral/rp1", "type").asText()).isEqualTo("pcie-root-port");
            }
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void qemuExitingAtStartFailsWithItsOutputAndLeavesNoDirectory() throws IOException {
        List<Path> before = ownDirectories();

        assertThatThrownBy(() -> PausedQemu.start("-device", "no-such-device"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("'no-such-device' is not a valid device model name")
                .hasMessageContaining("argv: ");
        assertThat(ownDirectories()).filteredOn(d -> !before.contains(d) && logMentions(d, "no-such-device")).isEmpty();
    }

    private static List<Path> ownDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("jqemu-qemu-")).toList();
        }
    }

    private static boolean logMentions(Path dir, String text) {
        try {
            return Files.readString(dir.resolve("qemu.log")).contains(text);
        } catch (IOException gone) {
            return false;
        }
    }
}
