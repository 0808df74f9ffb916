package io.jqemu.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A user-mode forward without a host address listens on loopback only, never on every address. */
@Timeout(120)
@RequiresQemu
class UserNetForwardOnRealQemuTest {

    @Test
    void forwardWithoutHostAddressListensOnLoopbackOnly() throws Exception {
        Path dir = TestDirs.create("fwd");
        int port = freePort();
        PortForward forward = new PortForward(PortForward.Protocol.TCP, Optional.empty(), port, Optional.empty(), 22);
        Machine machine = Machine.builder().name("fwd").memoryMib(128).spareRootPorts(0)
                .nic(Nic.virtio(NicBackend.user(forward))).build();
        RenderedMachine rendered = MachineRenderer.render(machine, TestDirs.context(dir));
        assertThat(rendered.argv()).anyMatch(a -> a.contains("\"hostfwd\":[{\"str\":\"tcp:127.0.0.1:" + port + "-:22\"}]"));
        try (PausedQemu qemu = PausedQemu.start(rendered.argv(), dir.resolve("qmp.sock"), dir)) {
            assertThat(listeners(port)).containsExactly("0100007F");
        }
    }

    /** The local IPv4 addresses (hex, as /proc/net/tcp writes them) listening on {@code port}. */
    private static List<String> listeners(int port) throws IOException {
        String portHex = String.format(Locale.ROOT, "%04X", port);
        return Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1)
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(":" + portHex) && "0A".equals(f[3]))
                .map(f -> f[1].substring(0, f[1].indexOf(':')))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
