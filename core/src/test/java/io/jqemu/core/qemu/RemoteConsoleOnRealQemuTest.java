package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A remote console on TCP is reachable by every local user, so by default it must demand a password:
 * a real QEMU, spoken to as a viewer would.
 */
@Timeout(120)
@RequiresQemu
class RemoteConsoleOnRealQemuTest {

    @Test
    void tcpVncOffersOnlyVncAuthenticationNeverNone() throws Exception {
        Path dir = TestDirs.create("vnc-tcp");
        int display = freeVncDisplay();
        Machine machine = Machine.builder().name("vnc").memoryMib(128).spareRootPorts(0)
                .display(new Display(Graphics.vnc("127.0.0.1", display), Optional.empty())).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir);
             SocketChannel viewer = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5900 + display))) {
            assertThat(rfbSecurityTypes(viewer)).as("RFB security types (1 = None, 2 = VNC authentication)")
                    .containsExactly(2);
        }
    }

    @Test
    void spiceWithAPasswordDoesNotDisableTicketing() throws Exception {
        Path dir = TestDirs.create("spice-tcp");
        Machine machine = Machine.builder().name("spice").memoryMib(128).spareRootPorts(0)
                .display(new Display(Graphics.spice("127.0.0.1", freePort()), Optional.empty())).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        assertThat(String.join(" ", rendered.argv())).doesNotContain("disable-ticketing");
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            JsonNode spice = qemu.qmp().execute("query-spice");
            assertThat(spice.path("enabled").asBoolean()).isTrue();
            assertThat(spice.path("auth").asText()).isEqualTo("spice");
        }
    }

    @Test
    void vncOnThePrivateSocketListensInTheRuntimeDirectoryAndAsksForAPassword() throws Exception {
        Path dir = TestDirs.create("vnc-unix");
        Machine machine = Machine.builder().name("vnc").memoryMib(128).spareRootPorts(0)
                .display(new Display(Graphics.vnc(), Optional.empty())).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        Path socket = dir.resolve("vnc.sock");
        assertThat(rendered.argv()).containsSequence("-vnc", "vnc=unix:" + socket + ",password=on");
        assertThat(rendered.argv()).noneMatch(a -> a.contains("127.0.0.1") || a.contains("0.0.0.0"));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir);
             SocketChannel viewer = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(rfbSecurityTypes(viewer)).containsExactly(2);
        }
    }

    @Test
    void spiceOnThePrivateSocketStartsWithTicketing() throws Exception {
        Path dir = TestDirs.create("spice-unix");
        Machine machine = Machine.builder().name("spice").memoryMib(128).spareRootPorts(0)
                .display(new Display(Graphics.spice(), Optional.empty())).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        assertThat(rendered.argv()).containsSequence("-spice", "unix=on,addr=" + dir.resolve("spice.sock"));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            JsonNode spice = qemu.qmp().execute("query-spice");
            assertThat(spice.path("auth").asText()).isEqualTo("spice");
            assertThat(dir.resolve("spice.sock")).exists();
        }
    }

    @Test
    void explicitOptOutLeavesTheConsoleOpen() throws Exception {
        Path dir = TestDirs.create("vnc-open");
        int display = freeVncDisplay();
        Machine machine = Machine.builder().name("vnc").memoryMib(128).spareRootPorts(0)
                .display(new Display(Graphics.vnc("127.0.0.1", display).withAuth(ConsoleAuth.NONE), Optional.empty()))
                .build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir);
             SocketChannel viewer = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 5900 + display))) {
            assertThat(rfbSecurityTypes(viewer)).containsExactly(1);
        }
    }

    /** The RFB 3.8 handshake up to the server's list of security types. */
    static List<Integer> rfbSecurityTypes(SocketChannel channel) throws IOException {
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
        byte[] version = new byte[12];
        in.readFully(version);
        assertThat(new String(version, StandardCharsets.US_ASCII)).startsWith("RFB 003.");
        channel.write(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)));
        int count = in.readUnsignedByte();
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            types.add(in.readUnsignedByte());
        }
        return types;
    }

    private static int freeVncDisplay() throws IOException {
        for (int display = 100; display < 1000; display++) {
            try (ServerSocket s = new ServerSocket(5900 + display, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort() - 5900;
            } catch (IOException taken) {
                // try the next display
            }
        }
        throw new IOException("no free VNC display between 100 and 999");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
