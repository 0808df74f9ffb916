package io.jqemu.cli.vm;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Management commands to a VM whose {@code jqemu run} was killed (SIGKILL, so its lock went with
 * it) take turns on QEMU's single monitor: 50 concurrent {@code jqemu qmp NAME query-status}, each
 * in its own JVM, and 20 more in this JVM all succeed. Real QEMU, started paused.
 */
@RequiresQemu
class ConcurrentManagementTest {

    private static final int IN_PROCESS = 20;
    private static final int PROCESSES = 50;

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
    void concurrentRequestsToAVmWhoseRunWasKilledAllSucceed() throws Exception {
        long qemu = startRun();
        run.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive)).contains(true);

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CliRun>> requests = new ArrayList<>();
        for (int i = 0; i < IN_PROCESS; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                return jqemu("qmp", "idle", "query-status");
            }, task -> Thread.ofPlatform().start(task)));
        }
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            children.add(child(i));
        }
        go.countDown();

        for (CompletableFuture<CliRun> request : requests) {
            CliRun result = request.get(5, TimeUnit.MINUTES);
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("\"status\" : \"prelaunch\"");
        }
        for (int i = 0; i < PROCESSES; i++) {
            Process child = children.get(i);
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String out = Files.readString(dir.resolve("qmp-" + i + ".out"), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(Files.readString(dir.resolve("qmp-" + i + ".err"))).isZero();
            assertThat(out).contains("\"status\" : \"prelaunch\"");
        }
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive)).contains(true);

        CliRun stop = jqemu("stop", "--force", "idle");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(dir.resolve("run/idle")).doesNotExist();
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process child(int i) throws IOException {
        return new ProcessBuilder(RunProcess.jqemuCommand(dir, "qmp", "idle", "query-status"))
                .redirectOutput(dir.resolve("qmp-" + i + ".out").toFile()).redirectError(dir.resolve("qmp-" + i + ".err").toFile()).start();
    }

    private long startRun() throws Exception {
        Path vm = Files.writeString(dir.resolve("idle.toml"),
                "name = \"idle\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        run = RunProcess.start(dir, "idle", "--paused", vm.toString());
        return run.awaitRunning(Duration.ofSeconds(60));
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
