package io.jqemu.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed test leaves behind for each of its VMs: under
 * {@code target/jqemu-reports/<test class>/<test method>/<vm>/} (the root is the system property
 * {@value #ROOT_PROPERTY} when set) the files {@value #QEMU_LOG}, {@value #CONSOLE_LOG} and
 * {@value #EVENTS_LOG}, and report entries ({@code TestReporter}) with the directory and the tails.
 */
final class FailureReport {
    /** The system property naming the reports' root directory. */
    static final String ROOT_PROPERTY = "jqemu.junit.reports";
    static final String QEMU_LOG = "qemu.log";
    static final String CONSOLE_LOG = "console.log";
    static final String EVENTS_LOG = "qmp-events.log";
    private static final int TAIL = 30;
    private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);

    private FailureReport() {
    }

    static Path root() {
        return Path.of(Optional.ofNullable(System.getProperty(ROOT_PROPERTY)).orElse("target/jqemu-reports"));
    }

    /** Writes the report of each of {@code vms} and publishes its entries to {@code context}. */
    static void write(ExtensionContext context, List<TestVm> vms) {
        Path testDir = root().resolve(safe(context.getRequiredTestClass().getName()))
                .resolve(safe(context.getTestMethod().map(m -> m.getName()).orElse("class")
                        + (context.getDisplayName().startsWith("[") ? "-" + context.getDisplayName() : "")));
        for (TestVm vm : vms) {
            try {
                Path dir = Files.createDirectories(testDir.resolve(vm.name()));
                List<String> qemuLog = readLog(vm);
                Files.write(dir.resolve(QEMU_LOG), qemuLog, StandardCharsets.UTF_8);
                List<String> console = vm.consoleIfAny().map(ConsoleShell::lines).orElse(List.of());
                Files.write(dir.resolve(CONSOLE_LOG), console, StandardCharsets.UTF_8);
                List<String> events = vm.events().lines();
                Files.write(dir.resolve(EVENTS_LOG), events, StandardCharsets.UTF_8);
                String key = "jqemu." + vm.name();
                context.publishReportEntry(key + ".report", dir.toAbsolutePath().toString());
                context.publishReportEntry(key + ".qemu-log", tail(qemuLog));
                context.publishReportEntry(key + ".console", tail(console));
                context.publishReportEntry(key + ".qmp-events", tail(events));
                LOG.warn("test {} failed: VM {}'s QEMU log, console and QMP events are in {}", context.getDisplayName(),
                        vm.name(), dir.toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot write the failure report of VM {}: {}", vm.name(), e.toString());
            }
        }
    }

    private static List<String> readLog(TestVm vm) throws IOException {
        Path log = vm.vm().logFile();
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private static String tail(List<String> lines) {
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
        return last.isEmpty() ? "(empty)" : String.join("\n", last);
    }

    private static String safe(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_.$\\[\\]=,-]", "_");
        return clean.length() > 120 ? clean.substring(0, 120) : clean;
    }
}
