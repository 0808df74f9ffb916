package io.jqemu.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.MachineBuilder;
import io.jqemu.testsupport.BootsGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension and its console shell on the booted test guest: one guest for the class (a static
 * {@link Vm} field), commands, a command's timeout and failure; and a failing test's report.
 */
@BootsGuest
class GuestConsoleTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);

    @Vm(machine = "guest", ready = ConsoleShell.READY)
    static TestVm guest;

    static MachineBuilder guest() {
        return Scenarios.testGuest();
    }

    @Test
    void aCommandRunsInTheGuestAndAnswersWithItsOutputAndStatus() {
        CommandResult result = guest.console().run("echo one; echo two >&2; exit 4", COMMAND);

        assertThat(result.output()).containsExactly("one", "two");
        assertThat(result.status()).isEqualTo(4);
        assertThat(guest.console().check("uname -r", COMMAND)).isEqualTo(io.jqemu.testsupport.TestGuest.get().kernelVersion());
        assertThat(guest.name()).isEqualTo(guest.vm().name()).contains("-guest");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsNamedWithTheConsolesLastLines() {
        guest.console().check("echo before-the-slow-one", COMMAND);

        assertThatThrownBy(() -> guest.console().run("sleep 5", Duration.ofSeconds(1)))
                .isInstanceOf(ConsoleTimeoutException.class)
                .hasMessageContaining("VM " + guest.name() + ": no line 'JQEMU-END ")
                .hasMessageContaining("within 1 s after the command 'sleep 5'")
                .hasMessageContaining("before-the-slow-one");
        guest.console().check("true", COMMAND); // the shell reads again once the sleep is over
    }

    @Test
    void aFailedCheckNamesTheCommandItsStatusAndOutput() {
        assertThatThrownBy(() -> guest.console().check("ls /no-such-dir", COMMAND))
                .isInstanceOf(GuestCommandException.class)
                .hasMessageContaining("guest command failed with status 1: ls /no-such-dir")
                .hasMessageContaining("No such file or directory");
    }

    static final AtomicReference<String> FAILED_VM = new AtomicReference<>();

    @Scenario
    static class Failing {
        @Vm(machine = "guest", ready = ConsoleShell.READY)
        TestVm vm;

        @Test
        void failsAfterACommand() {
            FAILED_VM.set(vm.name());
            vm.console().check("echo said-before-failing", COMMAND);
            throw new AssertionError("the test failed on purpose");
        }
    }

    @Test
    void aFailedTestsReportHoldsTheQemuLogTheConsoleAndTheQmpEvents(@TempDir Path reports) throws Exception {
        System.setProperty(FailureReport.ROOT_PROPERTY, reports.toString());
        EngineExecutionResults results;
        try {
            results = Scenarios.run(Failing.class);
        } finally {
            System.clearProperty(FailureReport.ROOT_PROPERTY);
        }

        results.testEvents().assertStatistics(s -> s.failed(1));
        String vm = FAILED_VM.get();
        Path dir = reports.resolve(Failing.class.getName()).resolve("failsAfterACommand").resolve(vm);
        assertThat(Files.readString(dir.resolve(FailureReport.CONSOLE_LOG)))
                .contains(ConsoleShell.READY).contains("said-before-failing");
        assertThat(Files.readString(dir.resolve(FailureReport.EVENTS_LOG))).contains(" RESUME ");
        assertThat(dir.resolve(FailureReport.QEMU_LOG)).exists();
        Map<String, String> entries = results.testEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).flatMap(r -> r.getKeyValuePairs().entrySet().stream())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(entries).containsEntry("jqemu." + vm + ".report", dir.toAbsolutePath().toString());
        assertThat(entries.get("jqemu." + vm + ".console")).contains("said-before-failing");
        assertThat(entries.get("jqemu." + vm + ".qmp-events")).contains("RESUME");
        assertThat(entries).containsKey("jqemu." + vm + ".qemu-log");
        List<Event> failures = results.testEvents().failed().list();
        assertThat(failures).hasSize(1);
    }
}
