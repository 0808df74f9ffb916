package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.launcher.vm.LiveProcesses;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jqemu run examples/demo.toml} as its own process against real QEMU and the tiny Linux
 * guest: it boots to userland, the management commands work through run's control socket or by
 * re-attaching, and a real SIGINT powers the guest off gracefully with exit code 0, leaving no
 * QEMU and no host state behind.
 */
@BootsGuest
class RunDemoTest {

    private static final long BOOT_SECONDS = 180;

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
    void bootsToUserlandAndSigintPowersTheGuestOff() throws Exception {
        startRun(true);
        run.awaitStdout("JQEMU-GUEST-READY", Duration.ofSeconds(BOOT_SECONDS));
        long qemuPid = run.qemuPid();

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
        assertThat(nosuch.err()).contains("VM demo has no device 'nosuch' to detach (it has no device that can be unplugged)");

        POSIXFactory.getPOSIX().kill((int) run.pid(), Signal.SIGINT.intValue());

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as(run.stderr()).isTrue();
        assertThat(run.exitValue()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("event SHUTDOWN {\"guest\":true").contains("the guest powered off");
        assertHostUndone(qemuPid);
    }

    @Test
    void managementCommandsAndANewRunReattachAfterRunWasKilled() throws Exception {
        startRun(true);
        run.awaitStdout("JQEMU-GUEST-READY", Duration.ofSeconds(BOOT_SECONDS));
        long qemuPid = run.qemuPid();

        run.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(dir.resolve("run/demo/control.sock")).as("left behind by the killed run").exists();
        assertThat(jqemu("ls").out()).containsPattern("demo\\s+" + qemuPid + "\\s+running\\s+nobody");
        CliRun status = jqemu("qmp", "demo", "query-status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"running\" : true");

        startRun(false);
        run.awaitStderr("already running (QEMU pid " + qemuPid + "); re-attached", Duration.ofSeconds(60));
        // printed once run's control socket listens
        run.awaitStderr("running; QEMU pid " + qemuPid, Duration.ofSeconds(60));
        assertThat(jqemu("ls").out()).containsPattern("demo\\s+" + qemuPid + "\\s+running\\s+jqemu run");
        CliRun stop = jqemu("stop", "demo");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).startsWith("demo: stopped (").contains("guest powered off");
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(run.stderr()).isTrue();
        assertThat(run.exitValue()).as(run.stderr()).isZero();
        assertHostUndone(qemuPid);
    }

    private void assertHostUndone(long qemuPid) throws IOException {
        assertThat(LiveProcesses.running(qemuPid)).isFalse();
        assertThat(VmRecord.readFrom(dir.resolve("state/demo"))).isEmpty();
        assertThat(dir.resolve("run/demo")).doesNotExist();
        assertThat(jqemu("ls").out()).containsPattern("demo\\s+-\\s+stopped");
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }

    /** Starts {@code jqemu run examples/demo.toml}, with the guest console on its stdout when {@code console}. */
    private void startRun(boolean console) throws IOException {
        String demo = Path.of("../examples/demo.toml").toString();
        ProcessBuilder pb = new ProcessBuilder(console ? RunProcess.jqemuCommand(dir, "run", "--console", demo)
                : RunProcess.jqemuCommand(dir, "run", demo));
        pb.environment().put("JQEMU_GUEST_DIR", TestGuest.get().dir().toString());
        run = RunProcess.start(dir, "demo", pb);
        run.process().getOutputStream().close();
    }
}
