package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.TestGuest;
import io.jqemu.launcher.vm.VmRecord;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jqemu run examples/demo.toml} as its own process against real QEMU and the tiny Linux
 * guest: it boots to userland, the management commands work through run's control socket or by
 * re-attaching, and a real SIGINT powers the guest off gracefully with exit code 0, leaving no
 * QEMU and no host state behind.
 */
class RunDemoTest {

    private static final long BOOT_SECONDS = 180;

    @TempDir
    Path dir;

    private Process run;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null && run.isAlive()) {
            run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        VmRecord.readFrom(dir.resolve("state/demo")).flatMap(r -> ProcessHandle.of(r.pid()))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void bootsToUserlandAndSigintPowersTheGuestOff() throws Exception {
        startRun();
        awaitLine("JQEMU-GUEST-READY");
        long qemuPid = VmRecord.readFrom(dir.resolve("state/demo")).orElseThrow().pid();

        CliRun ls = jqemu("ls");
        assertThat(ls.out()).containsPattern("demo\\s+" + qemuPid + "\\s+running\\s+jqemu run");
        assertThat(jqemu("qmp", "demo", "query-status").out()).contains("\"status\" : \"running\"");
        String balloon = jqemu("balloon", "demo", "192M").out();
        assertThat(balloon).startsWith("demo: guest memory now ");
        assertThat(Long.parseLong(balloon.replaceAll("\\D", ""))).as(balloon).isBetween(188L, 196L);
        Path extra = dir.resolve("extra.img");
        Files.write(extra, new byte[1 << 20]);
        CliRun attach = jqemu("attach", "demo", "disk", extra.toString(), "--id", "extra0");
        assertThat(attach.exitCode()).as(attach.err()).isZero();
        assertThat(attach.out().strip()).isEqualTo("extra0");
        assertThat(jqemu("qmp", "demo", "query-block").out()).contains("extra0");
        CliRun detach = jqemu("detach", "demo", "extra0");
        assertThat(detach.exitCode()).as(detach.err()).isZero();
        CliRun nosuch = jqemu("detach", "demo", "nosuch");
        assertThat(nosuch.exitCode()).isEqualTo(1);
        assertThat(nosuch.err()).contains("VM demo has no device 'nosuch' to detach (it has no disk, NIC, vfio-pci or usb-host device)");

        POSIXFactory.getPOSIX().kill((int) run.pid(), Signal.SIGINT.intValue());

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as(stderr.toString()).isTrue();
        assertThat(run.exitValue()).as(stderr.toString()).isZero();
        assertThat(stderr.toString()).contains("event SHUTDOWN {\"guest\":true").contains("the guest powered off");
        assertHostUndone(qemuPid);
    }

    @Test
    void managementCommandsAndANewRunReattachAfterRunWasKilled() throws Exception {
        startRun();
        awaitLine("JQEMU-GUEST-READY");
        long qemuPid = VmRecord.readFrom(dir.resolve("state/demo")).orElseThrow().pid();

        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(dir.resolve("run/demo/control.sock")).as("left behind by the killed run").exists();
        assertThat(jqemu("ls").out()).containsPattern("demo\\s+" + qemuPid + "\\s+running\\s+nobody");
        CliRun status = jqemu("qmp", "demo", "query-status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"running\" : true");

        stderr.setLength(0);
        startRun(false);
        awaitStderr("already running (QEMU pid " + qemuPid + "); re-attached");
        awaitStderr("running; QEMU pid " + qemuPid);   // printed once run's control socket listens
        assertThat(jqemu("ls").out()).containsPattern("demo\\s+" + qemuPid + "\\s+running\\s+jqemu run");
        CliRun stop = jqemu("stop", "demo");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).startsWith("demo: stopped (").contains("guest powered off");
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(stderr.toString()).isTrue();
        assertThat(run.exitValue()).as(stderr.toString()).isZero();
        assertHostUndone(qemuPid);
    }

    private void awaitStderr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stderr.toString().contains(text)) {
            if (System.nanoTime() > deadline || !run.isAlive()) {
                throw new AssertionError("no '" + text + "' from run; stderr:\n" + stderr);
            }
            Thread.sleep(50);
        }
    }

    private void assertHostUndone(long qemuPid) throws IOException {
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(VmRecord.readFrom(dir.resolve("state/demo"))).isEmpty();
        assertThat(dir.resolve("run/demo")).doesNotExist();
        assertThat(jqemu("ls").out()).containsPattern("demo\\s+-\\s+stopped");
    }

    private CliRun jqemu(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of("--state-root", dir.resolve("state").toString(),
                "--runtime-root", dir.resolve("run").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private void startRun() throws IOException {
        startRun(true);
    }

    private void startRun(boolean console) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.jqemu.cli.Jqemu", "run",
                "--state-root", dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString(),
                Path.of("../examples/demo.toml").toString()));
        if (console) {
            command.add(5, "--console");
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JQEMU_GUEST_DIR", TestGuest.dir().toString());
        run = pb.start();
        run.getOutputStream().close();
        pump(run.getInputStream(), line -> stdout.add(line));
        pump(run.getErrorStream(), line -> stderr.append(line).append('\n'));
    }

    private void awaitLine(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(1, TimeUnit.SECONDS);
            if (line != null && line.contains(marker)) {
                return;
            }
            if (line == null && !run.isAlive()) {
                break;
            }
        }
        throw new AssertionError("no '" + marker + "' from the guest console; stderr:\n" + stderr);
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> sink) {
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }
}
