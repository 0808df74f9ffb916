package io.jqemu.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The golden files on the class path are the checkout's source files. */
class GoldensTest {
    @Test
    void aGoldenReadsAsItsSourceFile() throws IOException {
        String minimal = Goldens.read("minimal");

        assertThat(Goldens.exists("minimal")).isTrue();
        assertThat(minimal).startsWith("/usr/bin/qemu-system-x86_64\n");
        assertThat(Goldens.sourceFile("minimal"))
                .endsWith(java.nio.file.Path.of("test-support/src/main/resources/io/jqemu/testsupport/golden/minimal.args"));
        assertThat(Files.readString(Goldens.sourceFile("minimal"), StandardCharsets.UTF_8)).isEqualTo(minimal);
    }

    @Test
    void anUnknownScenarioIsNamed() {
        assertThat(Goldens.exists("no-such-scenario")).isFalse();
        assertThatThrownBy(() -> Goldens.read("no-such-scenario"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io/jqemu/testsupport/golden/no-such-scenario.args");
    }
}
