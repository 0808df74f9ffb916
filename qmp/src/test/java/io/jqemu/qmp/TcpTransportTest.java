package io.jqemu.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.qmp.command.GetFd;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** QMP over TCP on the loopback, against a real QEMU. */
@RequiresQemu
class TcpTransportTest {

    @Test
    void tcpMonitorWorksAndRefusesDescriptorPassing() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (PausedQemu qemu = PausedQemu.start("-qmp", "tcp:127.0.0.1:" + port + ",server=on,wait=off");
             QmpClient client = QmpClient.builder().tcp("127.0.0.1", port).connectTimeout(Duration.ofSeconds(10))
                     .connect()) {
            assertThat(client.oobEnabled()).isTrue();
            assertThat(client.send(new QueryStatus()).status()).isEqualTo("prelaunch");
            assertThatThrownBy(() -> client.send(new GetFd("x", 0))).isInstanceOf(QmpException.class)
                    .hasMessageContaining("needs a unix-socket connection");
            assertThat(client.send(new QueryStatus()).running()).isFalse();
        }
    }
}
