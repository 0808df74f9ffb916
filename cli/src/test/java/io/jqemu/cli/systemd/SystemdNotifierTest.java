package io.jqemu.cli.systemd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The notify protocol on real unix datagram sockets: a file path and an abstract name, as systemd uses both. */
class SystemdNotifierTest {

    @TempDir
    Path dir;

    @Test
    void readyStatusAndStoppingReachASocketAtAPath() throws Exception {
        try (NotifyListener listener = NotifyListener.atPath(dir.resolve("notify"))) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", listener.address()));

            notifier.ready("demo: running");
            notifier.status("demo: paused\nagain");
            notifier.stopping("demo: shutting down");

            assertThat(listener.messages()).extracting(NotifyListener.Received::text).containsExactly(
                    "READY=1\nSTATUS=demo: running", "STATUS=demo: paused again",
                    "STOPPING=1\nSTATUS=demo: shutting down");
        }
    }

    @Test
    void anAbstractAddressReachesTheAbstractNamespace() throws Exception {
        String name = "jqemu-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (NotifyListener listener = NotifyListener.abstractName(name)) {
            assertThat(listener.address()).startsWith("@");
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", listener.address()));

            assertThat(notifier.send("READY=1")).isTrue();

            assertThat(listener.await("READY=1"::equals, Duration.ofSeconds(5))).isPresent();
        }
    }

    @Test
    void withoutTheVariableNothingIsSent() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of());

        assertThat(notifier.enabled()).isFalse();
        assertThat(notifier.send("READY=1")).isFalse();
    }

    @Test
    void aSocketNobodyListensOnIsLoggedNotThrown() {
        SystemdNotifier gone = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()));
        SystemdNotifier relative = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative/path"));

        assertThat(gone.enabled()).isTrue();
        assertThat(gone.send("READY=1")).isFalse();
        assertThat(relative.enabled()).isFalse();
    }
}
