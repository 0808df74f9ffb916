package io.jqemu.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jqemu run} checks the QMP commands it sends against the QEMU's schema by default, and
 * {@code JQEMU_SCHEMA_CHECK=off} in its environment turns that off; real QEMU, no guest.
 */
@RequiresQemu
class SchemaCheckCommandTest {
    private static final String WRONG_ARGUMENTS = "{\"path\":\"/machine\",\"propertee\":\"type\"}";

    @TempDir
    Path dir;

    private RunProcess run;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void aWrongArgumentIsRefusedBeforeItReachesQemu() throws Exception {
        run = RunProcess.start(dir, "checked", "--paused", vmToml("checked").toString());
        run.awaitRunning(Duration.ofSeconds(90));

        CliRun refused = CliRun.under(dir, "qmp", "checked", "qom-get", WRONG_ARGUMENTS);

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("QMP command 'qom-get' has no argument 'propertee'",
                "valid arguments: path, property");
        CliRun valid = CliRun.under(dir, "qmp", "checked", "qom-get", "{\"path\":\"/machine\",\"property\":\"type\"}");
        assertThat(valid.exitCode()).as(valid.err()).isZero();
    }

    @Test
    void theEnvironmentTurnsTheCheckOff() throws Exception {
        ProcessBuilder unchecked = new ProcessBuilder(RunProcess.jqemuCommand(dir, "run", "--paused",
                vmToml("unchecked").toString()));
        unchecked.environment().put("JQEMU_SCHEMA_CHECK", "off");
        run = RunProcess.start(dir, "unchecked", unchecked);
        run.awaitRunning(Duration.ofSeconds(90));

        CliRun answered = CliRun.under(dir, "qmp", "unchecked", "qom-get", WRONG_ARGUMENTS);

        // QEMU's own refusal: the command was sent
        assertThat(answered.exitCode()).as(answered.err()).isEqualTo(1);
        assertThat(answered.err()).contains("propertee").doesNotContain("has no argument");
    }

    private Path vmToml(String name) throws Exception {
        return Files.writeString(dir.resolve(name + ".toml"),
                "name = \"" + name + "\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
    }
}
