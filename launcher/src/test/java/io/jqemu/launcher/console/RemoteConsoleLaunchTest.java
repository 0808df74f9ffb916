package io.jqemu.launcher.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.RemoteConsole;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launched VM's remote console is its owner's only: on the private unix socket (0700 directory,
 * 0600 socket) or TCP, a viewer needs the password made for this start, which is kept 0600 in the
 * state directory, never in argv, and deleted when the VM ends. Real QEMU, spoken to as a viewer.
 */
@Timeout(180)
@RequiresQemu
class RemoteConsoleLaunchTest {
    @TempDir
    Path dir;

    @Test
    void vncOnThePrivateSocketIsTheOwnersAndNeedsThePassword() throws Exception {
        Machine machine = TestMachines.empty("vncsock").display(new Display(Graphics.vnc(), Optional.empty())).build();
        RunningVm vm = TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused());
        Path passwordFile = vm.stateDir().resolve("console-password");
        try {
            RemoteConsole console = vm.remoteConsole().orElseThrow();
            Path socket = Path.of(console.socket().orElseThrow());
            assertThat(console.address()).isEqualTo("vnc+unix://" + socket);
            assertThat(mode(socket.getParent())).isEqualTo("rwx------");
            assertThat(mode(socket)).isEqualTo("rw-------");
            String password = vm.consolePassword().orElseThrow();
            assertThat(password).hasSize(8);
            assertThat(Files.readString(passwordFile, StandardCharsets.US_ASCII)).isEqualTo(password + "\n");
            assertThat(mode(passwordFile)).isEqualTo("rw-------");
            assertThat(commandLine(vm)).doesNotContain(password);

            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.securityTypes()).containsExactly(RfbViewer.VNC_AUTH);
                assertThat(viewer.authenticate(wrong(password))).as("a wrong password").isFalse();
            }
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.authenticate(password)).as("the VM's password").isTrue();
            }
        } finally {
            vm.stop();
        }
        assertThat(passwordFile).as("deleted with the VM").doesNotExist();
    }

    @Test
    void tcpVncRefusesAViewerWithoutThePassword() throws Exception {
        int display = freeVncDisplay();
        Machine machine = TestMachines.empty("vnctcp")
                .display(new Display(Graphics.vnc("127.0.0.1", display), Optional.empty())).build();
        try (RunningVm vm = TestMachines.launcher(dir).launch(machine, LaunchOptions.startPaused())) {
            assertThat(vm.remoteConsole().orElseThrow().address()).isEqualTo("vnc://127.0.0.1:" + (5900 + display));
            String password = vm.consolePassword().orElseThrow();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5900 + display);
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.securityTypes()).as("RFB security types: never None (1)")
                        .containsExactly(RfbViewer.VNC_AUTH);
                assertThat(viewer.authenticate("")).as("an empty password").isFalse();
            }
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.authenticate(password)).isTrue();
            }
        }
    }

    @Test
    void spiceHasTicketingAndThePasswordIsSetBeforeTheGuestRuns() throws Exception {
        int port = freePort();
        Machine machine = TestMachines.empty("spicetcp")
                .display(new Display(Graphics.spice("127.0.0.1", port), Optional.empty())).build();
        try (RunningVm vm = TestMachines.launcher(dir).launch(machine, LaunchOptions.running())) {
            assertThat(commandLine(vm)).doesNotContain("disable-ticketing").doesNotContain(vm.consolePassword().orElseThrow());
            assertThat(vm.consolePassword().orElseThrow()).hasSize(16);
            assertThat(vm.qmp().execute("query-spice").path("auth").asText()).isEqualTo("spice");
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String commandLine(RunningVm vm) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(vm.pid()), "cmdline"), StandardCharsets.UTF_8);
    }

    private static String wrong(String password) {
        return (password.charAt(0) == 'A' ? "B" : "A") + password.substring(1);
    }

    private static int freeVncDisplay() throws IOException {
        for (int display = 200; display < 1000; display++) {
            try (ServerSocket s = new ServerSocket(5900 + display, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort() - 5900;
            } catch (IOException taken) {
                // try the next display
            }
        }
        throw new IOException("no free VNC display between 200 and 999");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
