package io.jqemu.cli.command;

import io.jqemu.cli.RunProcess;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
@BootsGuest
class RunSignalsTest {

    private static final long BOOT_SECONDS = 180;
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

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
    void ctrlCTypedIntoTheTerminalPowersTheGuestOff() throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "-q", "-e", "-c",
                "exec " + jqemuRun(true).stream().map(RunSignalsTest::quoted).collect(Collectors.joining(" ")),
                "/dev/null"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SHELL", "/bin/sh");
        run = start(pb);
        run.awaitStdout("JQEMU-GUEST-READY", Duration.ofSeconds(BOOT_SECONDS));

        OutputStream terminal = run.process().getOutputStream();
        terminal.write(0x03);   // the terminal's Ctrl-C: the line discipline signals the foreground group
        terminal.flush();

        assertGracefulPowerOff();
    }

    @Test
    void sigtermToRunsWholeProcessGroupPowersTheGuestOff() throws Exception {
        List<String> command = new ArrayList<>(List.of(SETSID.toString()));   // run leads its own group
        command.addAll(jqemuRun(true));
        run = start(new ProcessBuilder(command).redirectErrorStream(true));
        run.awaitStdout("JQEMU-GUEST-READY", Duration.ofSeconds(BOOT_SECONDS));
        assertThat(processGroup(run.pid())).as("run leads its process group").isEqualTo(run.pid());

        assertThat(POSIXFactory.getPOSIX().kill((int) -run.pid(), Signal.SIGTERM.intValue())).isZero();

        assertGracefulPowerOff();
    }

    @Test
    void qemuKilledFromOutsideIsStoppedByForceNotAPowerOff() throws Exception {
        run = start(new ProcessBuilder(jqemuRun(false)).redirectErrorStream(true));
        run.awaitStdout("running; QEMU pid", Duration.ofSeconds(120));
        long qemuPid = run.qemuPid();

        assertThat(POSIXFactory.getPOSIX().kill((int) qemuPid, Signal.SIGKILL.intValue())).isZero();

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(run.stdout()).isTrue();
        assertThat(run.exitValue()).as(run.stdout()).isEqualTo(7);
        assertThat(run.stdout()).contains("stopped by force (killed by signal 9)")
                .doesNotContain("the guest powered off");
        assertThat(VmRecord.readFrom(dir.resolve("state/demo"))).isEmpty();
    }

    private void assertGracefulPowerOff() throws Exception {
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).as(run.stdout()).isTrue();
        String out = run.stdout();
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
        String demo = Path.of("../examples/demo.toml").toAbsolutePath().normalize().toString();
        return console ? RunProcess.jqemuCommand(dir, "run", "--console", demo)
                : RunProcess.jqemuCommand(dir, "run", demo);
    }

    /** Starts {@code pb} with the test guest; its stdout and stderr are both in {@link RunProcess#stdout()}. */
    private RunProcess start(ProcessBuilder pb) throws IOException {
        pb.environment().put("JQEMU_GUEST_DIR", TestGuest.get().dir().toString());
        return RunProcess.start(dir, "demo", pb);
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
