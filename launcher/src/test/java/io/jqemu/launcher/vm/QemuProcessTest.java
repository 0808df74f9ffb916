package io.jqemu.launcher.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.launcher.ExitStatus;
import io.jqemu.launcher.LauncherException;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresQemu
class QemuProcessTest {
    @TempDir
    Path dir;

    @Test
    void earlyExitLeavesQemusOwnErrorInTheLogAndTheRecentOutput() throws Exception {
        Path log = dir.resolve("qemu.log");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.jqemu.launcher.qemu.early")).addAppender(logged);
        QemuProcess qemu = QemuProcess.start(
                PausedQemu.argv("-device", "no-such-device"),
                log, "early");

        ExitStatus status = qemu.onExit().get(10, TimeUnit.SECONDS);
        logged.stop();

        assertThat(status.exitCode()).hasValue(1);
        assertThat(qemu.recentOutput()).contains("'no-such-device' is not a valid device model name");
        assertThat(Files.readString(log)).contains("'no-such-device' is not a valid device model name");
        assertThat(logged.list).as("QEMU's stderr reaches SLF4J too")
                .anyMatch(e -> e.getFormattedMessage().contains("'no-such-device' is not a valid device model name"));
    }

    @Test
    void killReportsTheSignalAndAttachFindsOnlyTheLiveProcess() throws Exception {
        Path log = dir.resolve("qemu.log");
        QemuProcess qemu = QemuProcess.start(PausedQemu.argv(), log, "kill");
        Instant started = qemu.startInstant().orElseThrow();

        QemuProcess attached = QemuProcess.attach(qemu.pid(), started, log, "kill").orElseThrow();
        assertThat(attached.isChild()).isFalse();
        assertThat(QemuProcess.attach(qemu.pid(), started.minusSeconds(5), log, "kill"))
                .as("a different start time means a reused pid").isEmpty();

        qemu.kill();

        assertThat(qemu.onExit().get(10, TimeUnit.SECONDS).signal()).hasValue(9);
        assertThat(attached.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.unknown());
        assertThat(QemuProcess.attach(qemu.pid(), started, log, "kill")).isEmpty();
    }

    @Test
    void qemuLeadsItsOwnSessionAndProcessGroupUnderThePidItWasStartedWith() throws Exception {
        QemuProcess qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "session");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(Path.of("/proc/" + qemu.pid() + "/comm")).startsWith("qemu-system")) {
                assertThat(System.nanoTime()).as("QEMU never ran under pid %d", qemu.pid()).isLessThan(deadline);
                Thread.sleep(5);
            }
            long[] ids = groupAndSession(qemu.pid());
            assertThat(ids).as("process group and session of QEMU").containsExactly(qemu.pid(), qemu.pid());
            assertThat(groupAndSession(ProcessHandle.current().pid())[0]).isNotEqualTo(qemu.pid());
        } finally {
            qemu.kill();
            qemu.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingSessionWrapperIsAClearError() {
        Path missing = dir.resolve("no-setsid");
        assertThatThrownBy(() -> QemuProcess.start(missing, PausedQemu.argv(), dir.resolve("qemu.log"), "nosetsid"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("util-linux")
                .hasMessageContaining("own session");
    }

    /** Fields 5 (process group) and 6 (session) of /proc/PID/stat, read after the command name. */
    private static long[] groupAndSession(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])};
    }
}
