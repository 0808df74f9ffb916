package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.RunProcess;
import io.jqemu.testsupport.RequiresQemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jqemu run} shows the VM's owner where the remote console is and its password (stderr only),
 * and warns about a console left open on purpose. Real QEMU, guest-less TCG machine.
 */
@Timeout(180)
@RequiresQemu
class RunConsoleTest {

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
    void runShowsTheConsoleAndItsPasswordToTheOwner() throws Exception {
        start("graphics = { type = \"vnc\" }");
        Path socket = dir.resolve("run/screen/vnc.sock");
        Path passwordFile = dir.resolve("state/screen/console-password");

        Matcher shown = Pattern.compile("screen: vnc console vnc\\+unix://" + Pattern.quote(socket.toString())
                + ", password (\\S+) \\(made for this start; also in " + Pattern.quote(passwordFile.toString()))
                .matcher(run.stderr());
        assertThat(shown.find()).as(run.stderr()).isTrue();
        assertThat(Files.readString(passwordFile, StandardCharsets.US_ASCII).strip()).isEqualTo(shown.group(1));
        assertThat(run.stdout()).doesNotContain(shown.group(1));

        stop();
        assertThat(passwordFile).doesNotExist();
    }

    @Test
    void aPasswordFromTheOwnersFileIsNotRepeated() throws Exception {
        Path file = Files.writeString(dir.resolve("vnc.password"), "Fil3Pass\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        start("graphics = { type = \"vnc\", password_file = \"" + file + "\" }");

        assertThat(run.stderr()).contains("screen: vnc console vnc+unix://", ", password from " + file)
                .doesNotContain("Fil3Pass");
        assertThat(run.stdout()).doesNotContain("Fil3Pass");
        stop();
    }

    @Test
    void anOpenTcpConsoleIsWarnedAbout() throws Exception {
        start("graphics = { type = \"vnc\", address = \"127.0.0.1\", display = " + freeVncDisplay() + ", auth = \"none\" }");

        assertThat(run.stderr()).contains("NO PASSWORD (auth = \"none\")").contains("has no password (auth = none)");
        assertThat(dir.resolve("state/screen/console-password")).doesNotExist();
        stop();
    }

    private void start(String graphics) throws Exception {
        Path vm = Files.writeString(dir.resolve("screen.toml"), "name = \"screen\"\naccelerator = \"tcg\"\n"
                + "memory_mib = 64\n\n[display]\n" + graphics + "\n");
        run = RunProcess.start(dir, "screen", vm.toString());
        run.awaitRunning(Duration.ofSeconds(90));
    }

    private void stop() throws Exception {
        CliRun stop = CliRun.under(dir, "stop", "--force", "screen");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static int freeVncDisplay() throws IOException {
        for (int display = 300; display < 1000; display++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(5900 + display, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort() - 5900;
            } catch (IOException taken) {
                // try the next display
            }
        }
        throw new IOException("no free VNC display between 300 and 999");
    }
}
