package io.jqemu.qmp;

import io.jqemu.testsupport.PausedQemu;
import java.time.Duration;

/** Client builders for the monitors of a test-support {@link PausedQemu}. */
final class TestClients {
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private TestClients() {
    }

    /** A builder for the first monitor. */
    static QmpClient.Builder first(PausedQemu qemu) {
        return QmpClient.builder().unixSocket(qemu.qmpSocket()).connectTimeout(CONNECT);
    }

    /** A builder for the second monitor (QEMU serves one client per monitor socket). */
    static QmpClient.Builder second(PausedQemu qemu) {
        return QmpClient.builder().unixSocket(qemu.secondQmpSocket()).connectTimeout(CONNECT);
    }
}
