package io.jqemu.launcher.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.launcher.ExitStatus;
import io.jqemu.launcher.GuestPausedException;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.launcher.ShutdownStep;
import io.jqemu.launcher.ShutdownTimeouts;
import io.jqemu.testsupport.PausedQemu;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jnr.constants.platform.Signal;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signal rungs of the ladder against a real QEMU that has no monitor to answer quit. */
@RequiresQemu
class ShutdownLadderTest {
    private static final ShutdownTimeouts FAST = new ShutdownTimeouts(Duration.ofMillis(100),
            Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofSeconds(5));

    @TempDir
    Path dir;
    private QemuProcess qemu;

    @AfterEach
    void killLeftover() {
        if (qemu != null) {
            qemu.kill();
        }
    }

    @Test
    void sigtermEndsAQemuThatCannotBeAskedToQuit() {
        qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "term");
        NoMonitorTarget target = new NoMonitorTarget(qemu, false);

        ShutdownResult result = new ShutdownLadder("term", target, FAST).run(ShutdownStep.QUIT);

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.SIGTERM);
        assertThat(result.guestPoweredOff()).isFalse();
        assertThat(target.actions).containsExactly("quit", "SIGTERM");
        assertThat(qemu.isAlive()).isFalse();
    }

    @Test
    void sigkillEndsAQemuThatIgnoresSigterm() {
        qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "kill");
        POSIXFactory.getNativePOSIX().kill((int) qemu.pid(), Signal.SIGSTOP.intValue());
        NoMonitorTarget target = new NoMonitorTarget(qemu, false);

        ShutdownResult result = new ShutdownLadder("kill", target, FAST).run(ShutdownStep.QUIT);

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.SIGKILL);
        assertThat(result.exitStatus().signal()).hasValue(9);
        assertThat(target.actions).containsExactly("quit", "SIGTERM", "SIGKILL");
    }

    @Test
    void theGuestIsPressedTwiceBeforeTheLadderMovesOn() {
        qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "twice");
        NoMonitorTarget target = new NoMonitorTarget(qemu, false);

        ShutdownResult result = new ShutdownLadder("twice", target, FAST).run(ShutdownStep.GUEST_POWEROFF);

        assertThat(target.actions).containsExactly("system_powerdown", "system_powerdown", "quit", "SIGTERM");
        assertThat(result.endedBy()).isEqualTo(ShutdownStep.SIGTERM);
    }

    @Test
    void aGuestAgentThatRefusesIsAskedOnceAndTheLadderGoesOn() {
        qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "agent");
        NoMonitorTarget target = new NoMonitorTarget(qemu, false) {
            @Override
            public boolean hasGuestAgent() {
                return true;
            }

            @Override
            public CompletableFuture<?> guestAgentShutdown(Duration timeout) {
                actions.add("guest-shutdown");
                return CompletableFuture.failedFuture(new IllegalStateException("no /sbin/shutdown"));
            }
        };
        // the agent's wait is long: its refusal, not the timeout, moves the ladder on
        ShutdownTimeouts timeouts = FAST.withGuestAgentShutdown(Duration.ofMinutes(5));

        ShutdownResult result = new ShutdownLadder("agent", target, timeouts).run(ShutdownStep.GUEST_POWEROFF);

        assertThat(target.actions).containsExactly("system_powerdown", "system_powerdown", "guest-shutdown", "quit",
                "SIGTERM");
        assertThat(result.endedBy()).isEqualTo(ShutdownStep.SIGTERM);
        assertThat(result.took()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aPausedGuestIsRefusedAGracefulShutdownAndNothingIsSent() {
        qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "paused");
        NoMonitorTarget target = new NoMonitorTarget(qemu, true);

        assertThatThrownBy(() -> new ShutdownLadder("paused", target, FAST).run(ShutdownStep.GUEST_POWEROFF))
                .isInstanceOf(GuestPausedException.class)
                .hasMessageContaining("paused");
        assertThat(target.actions).isEmpty();
        assertThat(qemu.isAlive()).isTrue();
    }

    @Test
    void anExitedQemuIsReportedAsAlreadyExited() throws Exception {
        qemu = QemuProcess.start(PausedQemu.argv(), dir.resolve("qemu.log"), "gone");
        qemu.kill();
        qemu.onExit().get();

        ShutdownResult result = new ShutdownLadder("gone", new NoMonitorTarget(qemu, false), FAST)
                .run(ShutdownStep.GUEST_POWEROFF);

        assertThat(result.endedBy()).isEqualTo(ShutdownStep.ALREADY_EXITED);
    }

    /** A real process whose monitor cannot be reached: monitor commands fail at once. */
    private static class NoMonitorTarget implements LadderTarget {
        final List<String> actions = new ArrayList<>();
        private final QemuProcess process;
        private final boolean paused;

        NoMonitorTarget(QemuProcess process, boolean paused) {
            this.process = process;
            this.paused = paused;
        }

        @Override
        public boolean isPaused() {
            return paused;
        }

        @Override
        public CompletableFuture<ExitStatus> exit() {
            return process.onExit();
        }

        @Override
        public CompletableFuture<Boolean> guestShutdown() {
            return process.onExit().thenApply(status -> false);
        }

        @Override
        public CompletableFuture<?> pressPowerButton() {
            actions.add("system_powerdown");
            return CompletableFuture.failedFuture(new IllegalStateException("no monitor"));
        }

        @Override
        public CompletableFuture<?> quit() {
            actions.add("quit");
            return CompletableFuture.failedFuture(new IllegalStateException("no monitor"));
        }

        @Override
        public void terminate() {
            actions.add("SIGTERM");
            process.terminate();
        }

        @Override
        public void kill() {
            actions.add("SIGKILL");
            process.kill();
        }
    }
}
