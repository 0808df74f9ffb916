package io.jqemu.cli.command;

import io.jqemu.cli.TestGuest;
import io.jqemu.launcher.vm.VmRecord;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code jqemu run} ends when it is signalled the way people and supervisors do it, against
 * real QEMU and the tiny guest: Ctrl-C typed into a real terminal (a pty made by util-linux
 * {@code script}) and SIGTERM to run's whole process group both press the guest's power button
 * (POWERDOWN, then the guest's own SHUTDOWN, exit 0) and never reach QEMU; QEMU killed from
 * outside is reported as stopped by force (exit 7), not as a power-off.
 */
class RunSignalsTest {

    private static final long BOOT_SECONDS = 180;
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    @TempDir
    Path dir;

    private Process run;
    private final StringBuffer output = new StringBuffer();

    @AfterEach
    void stopLeftovers() throws Exception {
        if (run != null && run.isAlive()) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        VmRecord.readFrom(dir.resolve("state/demo")).flatMap(r -> ProcessHandle.of(r.pid()))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void ctrlCTypedIntoTheTerminalPowersTheGuestOff() throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "-q", "-e", "-c",
                "exec " + jqemuRun(true).stream().map(RunSignalsTest::quoted).collect(Collectors.joining(" ")),
                "/dev/null"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHELL", "/bin/sh");
        run = start(pb);
        awaitOutput("JQEMU-GUEST-READY", BOOT_SECONDS);

        OutputStream terminal = run.getOutputStream();
        terminal.write(0x03);   // the terminal's Ctrl-C: the line discipline signals the foreground group
        terminal.flush();

        assertGracefulPowerOff();
    }

    @Test
    void sigtermToRunsWholeProcessGroupPowersTheGuestOff() throws Exception {
        List<String> command = new ArrayList<>(List.of(SETSID.toString()));   // run leads its own group
        command.addAll(jqemuRun(true));
        run = start(new ProcessBuilder(command).redirectErrorStream(true));
        awaitOutput("JQEMU-GUEST-READY", BOOT_SECONDS);
        assertThat(processGroup(run.pid())).as("run leads its process group").isEqualTo(run.pid());

        assertThat(POSIXFactory.getPOSIX().kill((int) -run.pid(), Signal.SIGTERM.intValue())).isZero();

        assertGracefulPowerOff();
    }

    @Test
    void qemuKilledFromOutsideIsStoppedByForceNotAPowerOff() throws Exception {
        run = start(new ProcessBuilder(jqemuRun(false)).redirectErrorStream(true));
        awaitOutput("running; QEMU pid", 120);
        long qemuPid = VmRecord.readFrom(dir.resolve("state/demo")).orElseThrow().pid();

        assertThat(POSIXFactory.getPOSIX().kill((int) qemuPid, Signal.SIGKILL.intValue())).isZero();

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        assertThat(run.exitValue()).as(output.toString()).isEqualTo(7);
        assertThat(output.toString()).contains("stopped by force (killed by signal 9)")
                .doesNotContain("the guest powered off");
        assertThat(VmRecord.readFrom(dir.resolve("state/demo"))).isEmpty();
    }

    private void assertGracefulPowerOff() throws Exception {
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        String out = output.toString();
        assertThat(run.exitValue()).as(out).isZero();
        assertThat(out).contains("event POWERDOWN")
                .contains("the guest powered off (SHUTDOWN reason guest-shutdown, exit code 0)")
                .doesNotContain("host-signal");
        assertThat(out.indexOf("event POWERDOWN")).isLessThan(out.indexOf("the guest powered off"));
        assertThat(Files.readString(dir.resolve("state/demo/qemu.log"))).doesNotContain("terminating on signal");
        assertThat(VmRecord.readFrom(dir.resolve("state/demo"))).isEmpty();
        assertThat(dir.resolve("run/demo")).doesNotExist();
    }

    private List<String> jqemuRun(boolean console) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.jqemu.cli.Jqemu", "run",
                "--state-root", dir.resolve("state").toString(), "--runtime-root", dir.resolve("run").toString(),
                Path.of("../examples/demo.toml").toAbsolutePath().normalize().toString()));
        if (console) {
            command.add(5, "--console");
        }
        return command;
    }

    private Process start(ProcessBuilder pb) throws IOException {
        pb.environment().put("JQEMU_GUEST_DIR", TestGuest.dir().toString());
        Process p = pb.start();
        pump(p.getInputStream());
        return p;
    }

    private void awaitOutput(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!output.toString().contains(text)) {
            if (System.nanoTime() > deadline || !run.isAlive()) {
                throw new AssertionError("no '" + text + "' from run; its output:\n" + output);
            }
            Thread.sleep(100);
        }
    }

    private void pump(InputStream in) {
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    /** One word for the test's {@code sh -c}: single-quoted, embedded quotes closed and escaped. */
    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
