package io.jqemu.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.model.MachineBuilder;
import io.jqemu.testsupport.BootsGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Template VMs: the test guest booted once and saved at its ready line; each test's VM starts from
 * that state under its own name and sockets (in parallel here) and answers on its console.
 */
@BootsGuest
class TemplateTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);

    /** What a test saw of its VM: name, console socket, whether its console showed a boot, a command's answer. */
    record Seen(String name, Path socket, boolean sawBoot, String answer) {
    }

    static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    static MachineBuilder guest() {
        return Scenarios.testGuest();
    }

    @Scenario
    static class Copies {
        @Test
        void one(@Vm(machine = "guest", template = "tiny", ready = ConsoleShell.READY) TestVm vm) {
            record(vm);
        }

        @Test
        void two(@Vm(machine = "guest", template = "tiny", ready = ConsoleShell.READY) TestVm vm) {
            record(vm);
        }

        @Test
        void three(@Vm(machine = "guest", template = "tiny", ready = ConsoleShell.READY) TestVm vm) {
            record(vm);
        }

        private static void record(TestVm vm) {
            String answer = vm.console().check("echo answered-by-$(hostname)-$((6*7))", COMMAND);
            boolean sawBoot = vm.console().lines().stream().anyMatch(l -> l.contains(ConsoleShell.READY));
            SEEN.add(new Seen(vm.name(), vm.vm().serialConsoleSocket().orElseThrow(), sawBoot, answer));
        }
    }

    @Test
    void everyTestGetsItsOwnCopyOfTheSavedGuestWhichAnswersWithoutBooting() {
        SEEN.clear();
        EngineExecutionResults results = Scenarios.run(Copies.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent"));

        results.testEvents().assertStatistics(s -> s.succeeded(3));
        List<Seen> seen = List.copyOf(SEEN);
        assertThat(seen).extracting(Seen::name).doesNotHaveDuplicates().hasSize(3);
        assertThat(seen).extracting(Seen::socket).doesNotHaveDuplicates();
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.answer()).endsWith("-42");
            assertThat(s.sawBoot()).as("%s's console showed the guest booting", s.name()).isFalse();
        });
    }
}
