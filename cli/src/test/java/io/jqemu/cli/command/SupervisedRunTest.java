package io.jqemu.cli.command;

import io.jqemu.cli.ExitCode;
import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.cli.systemd.NotifyListener;
import io.jqemu.cli.systemd.UnitText;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jqemu run} as systemd runs it from {@code jqemu@.service}: with a {@code $NOTIFY_SOCKET}
 * (a datagram socket the test binds), stopped the way the unit stops it (SIGTERM to jqemu alone, then
 * SIGKILL to everything once TimeoutStopSec is up), and its exit codes read against the unit's
 * {@code Restart=} rules. Real QEMU: the tiny guest for the power-off, a guest-less machine for the rest.
 */
@BootsGuest
class SupervisedRunTest {

    private static final Duration BOOT = Duration.ofSeconds(180);

    private static final UnitText UNIT = UnitText.parse(CliRun.of("unit", "--jqemu", "/usr/bin/jqemu").out());

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
    void readyOnlyOnceTheGuestRunsAndTheUnitsStopSequencePowersItOffInsideTheGrace() throws Exception {
        try (NotifyListener systemd = NotifyListener.atPath(dir.resolve("notify"))) {
            String demo = Path.of("../examples/demo.toml").toAbsolutePath().normalize().toString();
            ProcessBuilder pb = new ProcessBuilder(RunProcess.jqemuCommand(dir, "run", "--console", demo));
            pb.environment().put("NOTIFY_SOCKET", systemd.address());
            pb.environment().put("JQEMU_GUEST_DIR", TestGuest.get().dir().toString());
            run = RunProcess.start(dir, "demo", pb);

            NotifyListener.Received ready = systemd.await(m -> m.contains("READY=1"), BOOT)
                    .orElseThrow(() -> new AssertionError("no READY=1; stderr:\n" + run.stderr()));
            // run prints "running" only after QEMU's vCPUs were resumed; READY=1 came after that line
            assertThat(run.stderr()).contains("demo: running; QEMU pid");
            assertThat(ready.text()).contains("STATUS=demo: running; QEMU pid " + run.qemuPid());
            assertThat(CliRun.under(dir, "qmp", "demo", "query-status").out()).contains("\"running\" : true");
            assertThat(systemd.messages()).filteredOn(m -> m.text().contains("READY=1")).hasSize(1);
            run.awaitStdout("JQEMU-GUEST-READY", BOOT);

            // systemd with KillMode=mixed: SIGTERM to the main process only ...
            assertThat(POSIXFactory.getPOSIX().kill((int) run.pid(), Signal.SIGTERM.intValue())).isZero();
            // ... and SIGKILL to every process of the unit once TimeoutStopSec has passed
            boolean endedInGrace = run.waitFor(UNIT.stopTimeout().toSeconds(), TimeUnit.SECONDS);
            if (!endedInGrace) {
                killEverything();
            }

            assertThat(endedInGrace).as("jqemu run ended within TimeoutStopSec; stderr:\n" + run.stderr()).isTrue();
            assertThat(run.exitValue()).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains("the guest powered off (SHUTDOWN reason guest-shutdown");
            List<NotifyListener.Received> messages = systemd.messages();
            NotifyListener.Received stopping = messages.stream().filter(m -> m.text().contains("STOPPING=1"))
                    .findFirst().orElseThrow(() -> new AssertionError("no STOPPING=1 in " + messages));
            assertThat(stopping.nanoTime()).isGreaterThan(ready.nanoTime());
            assertThat(messages.get(messages.size() - 1).text()).isEqualTo("STATUS=demo: ended, exit code 0 ("
                    + ExitCode.OK.meaning() + ")");
            assertThat(UNIT.restartsAfter(run.exitValue())).as("a guest that powered off stays off").isFalse();
            assertThat(VmRecord.readFrom(dir.resolve("state/demo"))).isEmpty();
        }
    }

    @Test
    void aCrashIsRestartedByTheUnit() throws Exception {
        try (NotifyListener systemd = NotifyListener.abstractName("jqemu-crash-" + ProcessHandle.current().pid())) {
            long qemu = startIdle(systemd);

            assertThat(POSIXFactory.getPOSIX().kill((int) qemu, Signal.SIGSEGV.intValue())).isZero();

            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(run.stderr()).isEqualTo(6);
            assertThat(UNIT.restartsAfter(run.exitValue())).isTrue();
        }
    }

    @Test
    void qemuKilledFromOutsideIsRestartedByTheUnit() throws Exception {
        try (NotifyListener systemd = NotifyListener.atPath(dir.resolve("notify"))) {
            long qemu = startIdle(systemd);

            assertThat(POSIXFactory.getPOSIX().kill((int) qemu, Signal.SIGKILL.intValue())).isZero();

            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(run.stderr()).isEqualTo(7);
            assertThat(UNIT.restartsAfter(run.exitValue())).isTrue();
        }
    }

    @Test
    void aForcedStopSaysStoppingAndIsRestartedByTheUnit() throws Exception {
        try (NotifyListener systemd = NotifyListener.atPath(dir.resolve("notify"))) {
            startIdle(systemd);

            assertThat(CliRun.under(dir, "stop", "--force", "idle").exitCode()).isZero();

            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(run.stderr()).isEqualTo(7);
            assertThat(systemd.messages()).anySatisfy(m -> assertThat(m.text()).startsWith("STOPPING=1\n"));
            assertThat(UNIT.restartsAfter(run.exitValue())).isTrue();
        }
    }

    /** A guest-less TCG machine (SeaBIOS finds nothing to boot and waits) under run; returns QEMU's pid once READY=1 came. */
    private long startIdle(NotifyListener systemd) throws Exception {
        Path vm = Files.writeString(dir.resolve("idle.toml"), "name = \"idle\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        ProcessBuilder pb = new ProcessBuilder(RunProcess.jqemuCommand(dir, "run", vm.toString()));
        pb.environment().put("NOTIFY_SOCKET", systemd.address());
        run = RunProcess.start(dir, "idle", pb);
        assertThat(systemd.await(m -> m.startsWith("READY=1\n"), Duration.ofSeconds(60)))
                .as(() -> "READY=1; stderr:\n" + run.stderr()).isPresent();
        return run.qemuPid();
    }

    /** What systemd does at the end of TimeoutStopSec: SIGKILL to every process of the unit. */
    private void killEverything() {
        run.process().descendants().forEach(ProcessHandle::destroyForcibly);
        run.process().destroyForcibly();
    }
}
