package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.BootsGuest;
import io.jqemu.testsupport.TestGuest;
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
 * {@code jqemu ga} against a {@code jqemu run} of the tiny test guest with a guest-agent channel
 * (qemu-ga runs inside it), and against a VM without one.
 */
@BootsGuest
class GaCommandTest {

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
    void gaReachesTheAgentInTheGuestAndShutdownPowersItOff() throws Exception {
        Path guest = TestGuest.get().dir();
        Path vm = Files.writeString(dir.resolve("gaguest.toml"), """
                name = "gaguest"
                accelerator = "tcg"
                memory_mib = 256

                [guest_agent]

                [direct_kernel_boot]
                kernel = "%s"
                initrd = "%s"
                cmdline = "console=ttyS0 quiet loglevel=3 panic=-1 rdinit=/init"

                [[serials]]
                backend = { type = "unix-socket" }
                """.formatted(guest.resolve("vmlinux"), guest.resolve("initramfs.cpio.gz")));
        ProcessBuilder pb = new ProcessBuilder(RunProcess.jqemuCommand(dir, "run", "--console", vm.toString()));
        run = RunProcess.start(dir, "gaguest", pb);
        run.process().getOutputStream().close();
        run.awaitStdout("JQEMU-GUEST-READY", Duration.ofSeconds(BOOT_SECONDS));

        CliRun ping = jqemu("ga", "gaguest", "ping");
        assertThat(ping.exitCode()).as(ping.err()).isZero();
        assertThat(ping.out().strip()).isEqualTo("{ }");
        CliRun osinfo = jqemu("ga", "gaguest", "osinfo");
        assertThat(osinfo.exitCode()).as(osinfo.err()).isZero();
        assertThat(osinfo.out()).contains("\"kernel-release\" : \"" + Files.readString(guest.resolve("kernel-version")).strip());
        CliRun host = jqemu("ga", "gaguest", "guest-get-host-name");
        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(host.out()).contains("\"host-name\"");
        CliRun unknown = jqemu("ga", "gaguest", "guest-no-such-command");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("jqemu: gaguest: ").contains("guest-no-such-command");
        CliRun badMode = jqemu("ga", "gaguest", "shutdown", "{\"mode\":\"sleep\"}");
        assertThat(badMode.exitCode()).isEqualTo(1);
        assertThat(badMode.err()).contains("mode must be powerdown, reboot or halt, not 'sleep'");

        CliRun shutdown = jqemu("ga", "gaguest", "shutdown");

        assertThat(shutdown.exitCode()).as(shutdown.err()).isZero();
        assertThat(shutdown.out().strip()).isEqualTo("{ }");
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as(run.stderr()).isTrue();
        assertThat(run.stdout()).contains("JQEMU-GUEST-SHUTDOWN poweroff");
        assertThat(run.exitValue()).as(run.stderr()).isZero();
    }

    @Test
    void aVmWithoutAnAgentChannelIsAClearFailure() throws Exception {
        Path vm = Files.writeString(dir.resolve("noga.toml"), "name = \"noga\"\naccelerator = \"tcg\"\nmemory_mib = 64\n");
        run = RunProcess.start(dir, "noga", "--paused", vm.toString());
        run.awaitRunning(Duration.ofSeconds(120));

        CliRun ping = jqemu("ga", "noga", "ping");

        assertThat(ping.exitCode()).isEqualTo(1);
        assertThat(ping.err()).contains("VM noga has no guest-agent channel").contains("[guest_agent]");
    }

    private CliRun jqemu(String... args) {
        return CliRun.under(dir, args);
    }
}
