package io.jqemu.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What supervisors and log shippers read, against one real QEMU (TCG, no operating system: its
 * firmware ignores the ACPI power button) under {@code jqemu run --log-format json} in a child JVM:
 * {@code ls --json}, {@code events} (text and JSON) while the VM is stopped and continued through
 * {@code jqemu qmp}, {@code stop} saying what it waits for, and run's stderr, every line a JSON object.
 */
@RequiresQemu
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisorOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VM = "watched";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static final Map<Process, Path[]> outputs = new ConcurrentHashMap<>();

    private static RunProcess run;
    private static long qemuPid;

    @BeforeAll
    static void startVm() throws Exception {
        Path toml = Files.writeString(dir.resolve(VM + ".toml"),
                "name = \"" + VM + "\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        run = RunProcess.start(dir, VM, new ProcessBuilder(quietJvm(RunProcess.jqemuCommand(dir, "run", "--log-format",
                "json", toml.toString()))));
        qemuPid = run.awaitRunning(WAIT);
        Files.createDirectories(dir.resolve("state").resolve("gone"));
    }

    @AfterAll
    static void stopVm() throws Exception {
        outputs.keySet().forEach(Process::destroyForcibly);
        if (run != null) {
            run.close();
        }
    }

    @Test
    @Order(1)
    void lsJsonListsTheFactsOfTheTable() throws Exception {
        CliRun ls = CliRun.under(dir, "ls", "--json");

        assertThat(ls.exitCode()).as(ls.err()).isZero();
        JsonNode vms = JSON.readTree(ls.out());
        assertThat(vms.isArray()).isTrue();
        assertThat(vms).hasSize(2);
        JsonNode gone = vms.get(0);
        assertThat(gone.path("name").asText()).isEqualTo("gone");
        assertThat(gone.path("state").asText()).isEqualTo("stopped");
        assertThat(gone.path("pid").isNull()).isTrue();
        JsonNode watched = vms.get(1);
        assertThat(watched.path("name").asText()).isEqualTo(VM);
        assertThat(watched.path("state").asText()).isEqualTo("running");
        assertThat(watched.path("pid").asLong()).isEqualTo(qemuPid);
        assertThat(watched.path("controlled_by").asText()).isEqualTo("jqemu-run");
        assertThat(Instant.parse(watched.path("started").asText())).isBefore(Instant.now());
        assertThat(watched.path("uptime_seconds").asLong()).isNotNegative();
        assertThat(Path.of(watched.path("qmp_socket").asText())).exists();
        assertThat(Path.of(watched.path("control_socket").asText())).exists();
        assertThat(watched.path("state_dir").asText()).isEqualTo(dir.resolve("state").resolve(VM).toString());

        CliRun table = CliRun.under(dir, "ls");
        assertThat(table.out()).containsPattern(VM + "\\s+" + qemuPid + "\\s+running\\s+jqemu run");
    }

    @Test
    @Order(2)
    void eventsStreamsStopAndResumeUntilInterrupted() throws Exception {
        Process text = events();
        Process json = events("--json");
        awaitLine(text, l -> l.endsWith(VM + " state running"));
        awaitLine(json, l -> l.contains("\"type\":\"state\""));

        assertThat(CliRun.under(dir, "qmp", VM, "stop").exitCode()).isZero();
        assertThat(CliRun.under(dir, "qmp", VM, "cont").exitCode()).isZero();

        // the state change follows the event that causes it: wait for both
        awaitLine(text, l -> l.contains(VM + " event RESUME"));
        awaitLine(text, l -> l.endsWith(VM + " state paused -> running"));
        List<String> lines = lines(text);
        assertThat(lines).anyMatch(l -> l.contains(VM + " event STOP"));
        assertThat(lines).anyMatch(l -> l.endsWith(VM + " state running -> paused"));
        assertThat(lines).anyMatch(l -> l.endsWith(VM + " state paused -> running"));
        Instant.parse(lines.get(0).substring(0, lines.get(0).indexOf(' ')));

        text.destroy(); // SIGTERM
        assertThat(text.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(text.exitValue()).as(stderrOf(text)).isZero();

        awaitLine(json, l -> l.contains("\"name\":\"RESUME\""));
        awaitLine(json, l -> l.contains("\"from\":\"paused\""));
        List<JsonNode> objects = new ArrayList<>();
        for (String line : lines(json)) {
            objects.add(JSON.readTree(line));
        }
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.path("vm").asText()).isEqualTo(VM);
            assertThat(Instant.parse(o.path("time").asText())).isNotNull();
        });
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.path("type").asText()).isEqualTo("qmp");
            assertThat(o.path("name").asText()).isEqualTo("STOP");
        });
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.path("from").asText()).isEqualTo("paused");
            assertThat(o.path("state").asText()).isEqualTo("running");
        });
        json.destroy();
        assertThat(json.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(json.exitValue()).isZero();
    }

    @Test
    @Order(3)
    void stopSaysWhatItWaitsForAndEventsEndWithTheVm() throws Exception {
        Process events = events("--json");
        awaitLine(events, l -> l.contains("\"type\":\"state\""));

        CliRun stop = CliRun.under(dir, "stop", "--timeout", "3", VM);

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.err()).contains("jqemu: " + VM + ": power button pressed; waiting up to 3 s for the guest "
                + "to power off (jqemu stop --force " + VM + " skips the guest)");
        assertThat(stop.err()).contains(VM + ": power button pressed again; waiting up to");
        assertThat(stop.err()).contains(VM + ": quit sent; waiting up to 10 s for QEMU to exit");
        assertThat(stop.out()).contains(VM + ": stopped (quit");

        assertThat(events.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(events.exitValue()).as(stderrOf(events)).isZero();
        List<String> lines = lines(events);
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(last.path("type").asText()).isEqualTo("end");
        assertThat(last.path("state").asText()).isEqualTo("stopped");
        assertThat(lines).anyMatch(l -> l.contains("\"name\":\"POWERDOWN\""));
    }

    @Test
    @Order(4)
    void runWroteOneJsonObjectPerStderrLine() throws Exception {
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(7); // stopped by quit: the firmware ignored the button
        List<JsonNode> logged = new ArrayList<>();
        for (String line : run.stderr().split("\n")) {
            logged.add(JSON.readTree(line)); // throws on anything that is not JSON
        }
        assertThat(logged).isNotEmpty().allSatisfy(o -> {
            assertThat(o.isObject()).isTrue();
            assertThat(o.path("time").asText()).endsWith("Z");
            Instant.parse(o.path("time").asText());
            assertThat(o.path("level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
            assertThat(o.path("logger").asText()).startsWith("io.jqemu.");
            assertThat(o.has("message")).isTrue();
        });
        assertThat(logged).filteredOn(o -> o.path("logger").asText().equals("io.jqemu.cli"))
                .allSatisfy(o -> assertThat(o.path("vm").asText()).isEqualTo(VM));
        assertThat(logged).anySatisfy(o -> assertThat(o.path("event").asText()).isEqualTo("STOP"));
        assertThat(logged).anySatisfy(o -> assertThat(o.path("state").asText()).isEqualTo("paused"));
        assertThat(logged).anySatisfy(o -> assertThat(o.path("state").asText()).isEqualTo("shutting-down"));
        assertThat(logged).anySatisfy(o -> {
            assertThat(o.path("logger").asText()).isEqualTo("io.jqemu.launcher.vm.ShutdownLadder");
            assertThat(o.path("vm").asText()).isEqualTo(VM);
        });
    }

    @Test
    @Order(5)
    void eventsOfAVmWithoutRunFailsAndAFailureCarriesItsStack() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(quietJvm(RunProcess.jqemuCommand(dir, "events", "-v", "nosuch")));
        pb.environment().put("JQEMU_LOG_FORMAT", "json");
        Path err = Files.createTempFile(dir, "events-", ".err");
        Process p = pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        JsonNode failure = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(failure.path("level").asText()).isEqualTo("ERROR");
        assertThat(failure.path("vm").asText()).isEqualTo("nosuch");
        assertThat(failure.path("message").asText()).contains("no running VM named 'nosuch'");
        assertThat(failure.path("exception").asText()).contains("CommandFailedException").contains("\tat io.jqemu.");
        for (String line : lines) {
            JSON.readTree(line);
        }

        ProcessBuilder bad = new ProcessBuilder(RunProcess.jqemuCommand(dir, "ls"));
        bad.environment().put("JQEMU_LOG_FORMAT", "yaml");
        Path badErr = Files.createTempFile(dir, "ls-", ".err");
        Process refused = bad.redirectError(badErr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(Files.readString(badErr)).contains("JQEMU_LOG_FORMAT: must be text or json, not 'yaml'");
    }

    /**
     * {@code command} (a {@code java ...} line) with the JVM options {@code bin/jqemu} passes, so that the
     * JVM's own warnings about native access by the libraries (not jqemu's output) stay off stderr.
     */
    private static List<String> quietJvm(List<String> command) {
        List<String> line = new ArrayList<>(command);
        line.add(1, "--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            line.add(2, "--sun-misc-unsafe-memory-access=allow");
        }
        return line;
    }

    private static Process events(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of(options));
        args.add(VM);
        ProcessBuilder pb = new ProcessBuilder(RunProcess.jqemuCommand(dir, "events", args.toArray(String[]::new)));
        Path out = Files.createTempFile(dir, "events-", ".out");
        Path err = Files.createTempFile(dir, "events-", ".err");
        Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        outputs.put(process, new Path[] {out, err});
        return process;
    }

    private static List<String> lines(Process process) throws IOException {
        return Files.readAllLines(outputs.get(process)[0], StandardCharsets.UTF_8);
    }

    private static String stderrOf(Process process) {
        try {
            return Files.readString(outputs.get(process)[1], StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void awaitLine(Process process, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines(process).stream().noneMatch(wanted)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no such line from jqemu events (alive " + process.isAlive() + "): "
                        + lines(process) + "\nstderr: " + stderrOf(process));
            }
            Thread.sleep(50);
        }
    }
}
