package io.jqemu.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.testsupport.QemuBinary;
import io.jqemu.testsupport.RequiresQemu;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A test JVM killed while its VM runs leaves the QEMU running (it is in a session of its own); the
 * next run under the same root finds the dead run by its free lock, kills that QEMU, undoes its
 * host changes and removes its directory.
 */
@RequiresQemu
class LeftoverRunsTest {
    @Test
    void theNextRunCleansUpAfterAKilledTestJvm() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "jqjl");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DeadRunProbe.class.getName(),
                root.resolve("runs").toString(), QemuBinary.path())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> printed = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (printed.size() < 3 && (line = out.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    printed.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        assertThat(printed).containsKeys("pid", "stateDir", "run");
        long qemu = Long.parseLong(printed.get("pid"));
        Path deadRun = Path.of(printed.get("run"));

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(Scenarios.alive(qemu)).as("QEMU outlives the killed JVM").isTrue();
        assertThat(deadRun).isDirectory();

        JvmRun next = JvmRun.start(root.resolve("runs"), QemuBinary.path());
        try {
            List<LeftoverRuns.Cleaned> cleaned = next.cleanedAtStart();
            assertThat(cleaned).singleElement().satisfies(c -> {
                assertThat(c.run()).isEqualTo(deadRun);
                assertThat(c.vm()).isEqualTo(Path.of(printed.get("stateDir")).getFileName().toString());
                assertThat(c.action()).contains("QEMU pid " + qemu + " was still running: killed");
            });
            assertThat(Scenarios.gone(qemu)).isTrue();
            assertThat(deadRun).doesNotExist();
            try (var left = Files.list(root.resolve("runs"))) {
                assertThat(left.toList()).containsExactly(next.dir());
            }
        } finally {
            next.close();
            if (Scenarios.alive(qemu)) {
                ProcessHandle.of(qemu).ifPresent(ProcessHandle::destroyForcibly);
            }
            PrivateFiles.deleteTree(root);
        }
    }
}
