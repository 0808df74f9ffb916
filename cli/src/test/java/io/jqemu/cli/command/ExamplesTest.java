package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example renders, and {@code check} explains for each what this host lacks. The scenario
 * examples are compared with core's golden files in {@link ArgvGoldenTest}; the demo, which needs
 * no host hardware, is started and stopped for real in {@link RunDemoTest}.
 */
class ExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"s1-dsm", "s2-openwrt", "s3-storage", "s4-passthrough", "demo"})
    void rendersAndChecks(String example) {
        String file = "../examples/" + example + ".toml";

        CliRun argv = CliRun.of("argv", "--var", "JQEMU_GUEST_DIR=/guest", file);
        CliRun check = CliRun.of("check", "--var", "JQEMU_GUEST_DIR=/guest", "--state-root", "/tmp/jqemu-examples/s",
                "--runtime-root", "/tmp/jqemu-examples/r", file);

        assertThat(argv.exitCode()).as(argv.err()).isZero();
        assertThat(argv.out()).startsWith("/usr/bin/qemu-system-x86_64 \\\n  -name guest=").contains("-S \\\n");
        assertThat(check.out()).startsWith("jqemu check " + file);
        if (example.equals("demo")) {
            assertThat(argv.out()).contains("-kernel /guest/vmlinux");
            assertThat(check.exitCode()).as("the demo needs no host hardware").isZero();
        } else {
            assertThat(check.exitCode()).as("this host has none of S1-S4's hardware").isEqualTo(4);
        }
    }
}
