package io.jqemu.launcher.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.ConsoleSecurity;
import io.jqemu.core.model.ConsoleTls;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.TestMachines;
import io.jqemu.launcher.host.HostException;
import io.jqemu.testsupport.RequiresQemu;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A console password from an owner-only file or an environment variable reaches a real, paused QEMU
 * (an RFB 3.8 viewer is refused without it or with a wrong one and accepted with it), never its command
 * line, its log or jqemu's log; a file others can read and an unset variable are refused before the
 * host is touched. TLS makes VNC offer VeNCrypt only; the WebSocket listener answers a noVNC upgrade.
 */
@Timeout(180)
@RequiresQemu
class ConsolePasswordSourcesTest {
    @TempDir
    Path dir;

    private static Machine vnc(String name, Graphics.Vnc console) {
        return TestMachines.empty(name).display(new Display(console, Optional.empty())).build();
    }

    private static Graphics.Vnc privateVnc(ConsolePassword password) {
        return new Graphics.Vnc(ConsoleListener.privateSocket(), ConsoleAuth.PASSWORD)
                .withSecurity(ConsoleSecurity.DEFAULT.withPassword(password));
    }

    @Test
    void aPasswordFromAnOwnerOnlyFileOpensTheConsoleAndAppearsNowhere() throws Exception {
        String password = "s3cr3t!x";
        Path file = Files.writeString(dir.resolve("vnc.password"), password + "\nignored second line\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger jqemu = (Logger) LoggerFactory.getLogger("io.jqemu");
        jqemu.addAppender(logged);
        RunningVm vm;
        try {
            vm = TestMachines.launcher(dir).launch(vnc("vncfile", privateVnc(new ConsolePassword.FromFile(file.toString()))),
                    LaunchOptions.startPaused());
        } finally {
            jqemu.detachAppender(logged);
        }
        try (vm) {
            assertThat(vm.consolePassword()).contains(password);
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(vm.remoteConsole().orElseThrow().socket().orElseThrow());
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.securityTypes()).containsExactly(RfbViewer.VNC_AUTH);
                assertThat(viewer.authenticate("")).as("no password").isFalse();
            }
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.authenticate("s3cr3t!y")).as("a wrong password").isFalse();
            }
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.authenticate(password)).as("the file's password: SecurityResult 0").isTrue();
            }
            assertThat(Files.readString(Path.of("/proc", Long.toString(vm.pid()), "cmdline"))).doesNotContain(password);
            assertThat(Files.readString(vm.stateDir().resolve("qemu.log"))).doesNotContain(password);
            assertThat(logged.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(password));
        }
    }

    @Test
    void aPasswordFromTheEnvironmentOpensTheConsole() throws Exception {
        Map.Entry<String, String> variable = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") && e.getValue().length() >= 4)
                .findFirst().orElseThrow();
        try (RunningVm vm = TestMachines.launcher(dir).launch(
                vnc("vncenv", privateVnc(new ConsolePassword.FromEnvironment(variable.getKey()))), LaunchOptions.startPaused())) {
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(vm.remoteConsole().orElseThrow().socket().orElseThrow());
            try (RfbViewer viewer = RfbViewer.connect(address)) {
                assertThat(viewer.authenticate(variable.getValue())).isTrue();
            }
        }
    }

    @Test
    void aFileOthersCanReadAndAnUnsetVariableAreRefusedBeforeTheHostIsTouched() throws Exception {
        Path file = Files.writeString(dir.resolve("open.password"), "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TestMachines.launcher(dir).launch(
                vnc("vncopen", privateVnc(new ConsolePassword.FromFile(file.toString()))), LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("display.graphics.password_file: " + file + " has mode 0644")
                .hasMessageContaining("chmod 600").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> TestMachines.launcher(dir).launch(
                vnc("vncunset", privateVnc(new ConsolePassword.FromEnvironment("JQEMU_NO_SUCH_PASSWORD_VARIABLE"))),
                LaunchOptions.startPaused()))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("display.graphics.password_env: the environment variable "
                        + "JQEMU_NO_SUCH_PASSWORD_VARIABLE is not set");
        try (var vms = Files.list(dir)) {
            assertThat(vms.map(p -> p.getFileName().toString())).as("no VM directory made")
                    .noneMatch(n -> n.contains("vncopen") || n.contains("vncunset"));
        }
    }

    @Test
    void tlsOffersOnlyVencryptAndSpiceListensForTlsOnly() throws Exception {
        Path pki = certificates(Files.createDirectory(dir.resolve("pki")));
        int display = freePort(5900 + 300) - 5900;
        Graphics.Vnc console = new Graphics.Vnc(ConsoleListener.tcp("127.0.0.1", 5900 + display), ConsoleAuth.PASSWORD)
                .withSecurity(ConsoleSecurity.DEFAULT.withTls(new ConsoleTls(pki.toString(), false)));
        try (RunningVm vm = TestMachines.launcher(dir).launch(vnc("vnctls", console), LaunchOptions.startPaused())) {
            assertThat(vm.qmp().execute("query-vnc").path("auth").asText()).isEqualTo("vencrypt+x509+vnc");
            try (RfbViewer viewer = RfbViewer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5900 + display))) {
                assertThat(viewer.securityTypes()).as("RFB security types: VeNCrypt (19) only").containsExactly(19);
            }
        }
        int port = freePort(5930 + 300);
        Graphics.Spice spice = Graphics.spice("127.0.0.1", port)
                .withSecurity(ConsoleSecurity.DEFAULT.withTls(new ConsoleTls(pki.toString(), false)));
        try (RunningVm vm = TestMachines.launcher(dir).launch(TestMachines.empty("spicetls")
                .display(new Display(spice, Optional.empty())).build(), LaunchOptions.startPaused())) {
            var info = vm.qmp().execute("query-spice");
            assertThat(info.path("tls-port").asInt()).isEqualTo(port);
            assertThat(info.has("port")).as("no plain port").isFalse();
        }
    }

    @Test
    void theWebsocketListenerAnswersANoVncUpgrade() throws Exception {
        int websocket = freePort(5700 + 300);
        Graphics.Vnc console = Graphics.vnc().withWebsocket("127.0.0.1", websocket);
        try (RunningVm vm = TestMachines.launcher(dir).launch(vnc("vncws", console), LaunchOptions.startPaused());
             Socket ws = new Socket(InetAddress.getLoopbackAddress(), websocket)) {
            ws.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: binary\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] status = new byte[12];
            new DataInputStream(ws.getInputStream()).readFully(status);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
    }

    /** A CA and a server certificate signed by it, in QEMU's file names, made with openssl. */
    private static Path certificates(Path pki) throws Exception {
        Files.writeString(pki.resolve("server.ext"),
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca-cert.pem",
                "-days", "2", "-subj", "/CN=jqemu test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr",
                "-subj", "/CN=localhost");
        openssl(pki, "x509", "-req", "-in", "server.csr", "-CA", "ca-cert.pem", "-CAkey", "ca-key.pem",
                "-CAcreateserial", "-out", "server-cert.pem", "-days", "2", "-extfile", "server.ext");
        return pki;
    }

    private static void openssl(Path dir, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("openssl");
        pb.command().addAll(java.util.List.of(args));
        Process p = pb.directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static int freePort(int from) throws IOException {
        for (int port = from; port < from + 500; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next port
            }
        }
        throw new IOException("no free port from " + from);
    }
}
