package io.jqemu.launcher.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveProcessesTest {

    @Test
    void thisProcessRunsAndAPidThatDoesNotExistDoesNot() {
        assertThat(LiveProcesses.running(ProcessHandle.current())).isTrue();
        assertThat(LiveProcesses.running(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void anExitedProcessNotYetReapedHasEndedThoughProcessHandleStillCallsItAlive() throws Exception {
        // the shell starts a child, then becomes a sleep that never waits for it: the child stays a zombie
        Process parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 30").start();
        try {
            long zombie;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                zombie = Long.parseLong(out.readLine().strip());
                Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
                while (!state(zombie).equals("Z") && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                assertThat(state(zombie)).as("the child's state").isEqualTo("Z");

                assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).contains(true);
                assertThat(LiveProcesses.running(zombie)).isFalse();
                assertThat(LiveProcesses.running(parent.pid())).isTrue();
            }
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    private static String state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
