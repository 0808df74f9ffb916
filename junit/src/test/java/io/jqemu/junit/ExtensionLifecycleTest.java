package io.jqemu.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.cause;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.jqemu.core.model.MachineBuilder;
import io.jqemu.launcher.RunningVm;
import io.jqemu.testsupport.RequiresQemu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The extension's lifecycle on real QEMU processes (no guest): which VM a test gets, that each is
 * stopped and its files removed on every path (success, failure, failed setup, timeout), and
 * parallel tests. Each case runs a {@link Scenario} class through the Jupiter engine and then checks
 * the host.
 */
@RequiresQemu
class ExtensionLifecycleTest {
    /** A VM a scenario saw: where it was declared, its name, pid, state and private directories. */
    record Seen(String where, String name, long pid, Path stateDir, Path dir, String dirMode) {
        static Seen of(String where, RunningVm vm, Path dir) {
            try {
                return new Seen(where, vm.name(), vm.pid(), vm.stateDir(), dir,
                        dir == null ? "" : PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static final Queue<Seen> SEEN = new ConcurrentLinkedQueue<>();

    static MachineBuilder noGuest() {
        return Scenarios.noGuest();
    }

    @Scenario
    static class Lifecycles {
        @Vm(machine = "noGuest")
        static RunningVm perClass;

        @Vm(machine = "noGuest")
        RunningVm perTest;

        static RunningVm fromBeforeAll;

        @BeforeAll
        static void before(@Vm(machine = "noGuest") RunningVm vm) {
            fromBeforeAll = vm;
        }

        @Test
        void first(@Vm(machine = "noGuest") TestVm parameter) {
            record("first");
            SEEN.add(Seen.of("first.parameter", parameter.vm(), parameter.dir()));
        }

        @Test
        void second() {
            record("second");
        }

        private void record(String test) {
            SEEN.add(Seen.of(test + ".perClass", perClass, null));
            SEEN.add(Seen.of(test + ".perTest", perTest, null));
            SEEN.add(Seen.of(test + ".beforeAll", fromBeforeAll, null));
        }
    }

    @Scenario
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class OneInstance {
        @Vm(machine = "noGuest")
        RunningVm instanceField;

        @Test
        void first() {
            SEEN.add(Seen.of("first.instanceField", instanceField, null));
        }

        @Test
        void second() {
            SEEN.add(Seen.of("second.instanceField", instanceField, null));
        }
    }

    @Test
    void anInstanceFieldUnderPerClassLifecycleIsOneVmForTheClass() throws Exception {
        SEEN.clear();
        Scenarios.run(OneInstance.class).testEvents().assertStatistics(s -> s.succeeded(2));

        Map<String, Seen> seen = SEEN.stream().collect(java.util.stream.Collectors.toMap(Seen::where, s -> s));
        assertThat(seen.get("first.instanceField").pid()).isEqualTo(seen.get("second.instanceField").pid());
        assertThat(Scenarios.gone(seen.get("first.instanceField").pid())).isTrue();
        assertThat(seen.get("first.instanceField").stateDir()).doesNotExist();
    }

    @Test
    void eachDeclarationGetsItsOwnUniqueVmForItsScopeStoppedAndRemovedAfterIt() throws Exception {
        SEEN.clear();
        EngineExecutionResults results = Scenarios.run(Lifecycles.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        Map<String, Seen> seen = SEEN.stream().collect(java.util.stream.Collectors.toMap(Seen::where, s -> s));
        assertThat(seen.get("first.perClass").pid()).isEqualTo(seen.get("second.perClass").pid());
        assertThat(seen.get("first.perTest").pid()).isNotEqualTo(seen.get("second.perTest").pid());
        assertThat(seen.get("first.beforeAll").pid()).isEqualTo(seen.get("second.beforeAll").pid())
                .isNotEqualTo(seen.get("first.perClass").pid());
        assertThat(SEEN.stream().map(Seen::name).distinct()).hasSize(5);
        assertThat(seen.get("first.parameter").name()).contains("-parameter");
        assertThat(seen.get("first.parameter").dirMode()).isEqualTo("rwx------");
        for (Seen vm : SEEN) {
            assertThat(Scenarios.gone(vm.pid())).as("QEMU of %s stopped", vm.where()).isTrue();
            assertThat(vm.stateDir()).as("state directory of %s", vm.where()).doesNotExist();
        }
        assertThat(seen.get("first.parameter").dir()).doesNotExist();
    }

    static MachineBuilder failing() {
        throw new IllegalStateException("the machine method broke");
    }

    @Scenario
    static class FailedSetups {
        @Test
        void machineMethodThrows(@Vm(machine = "failing") RunningVm vm) {
        }

        @Test
        void noSuchMethod(@Vm(machine = "nowhere") RunningVm vm) {
        }

        @Test
        void readyLineNeverComes(@Vm(machine = "noGuest", ready = "NEVER-PRINTED", readySeconds = 3) RunningVm vm) {
        }

        @Test
        void templateWithoutReadyLine(@Vm(machine = "noGuest", template = "t") RunningVm vm) {
        }

        @Test
        void testFails(@Vm(machine = "noGuest") RunningVm vm) {
            SEEN.add(Seen.of("testFails", vm, null));
            throw new AssertionError("the test failed");
        }
    }

    @Test
    void setupsThatFailAndFailingTestsLeaveNoQemuAndNoFiles() throws Exception {
        SEEN.clear();
        EngineExecutionResults results = Scenarios.run(FailedSetups.class);

        results.testEvents().assertStatistics(s -> s.failed(5));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("machineMethodThrows"), finishedWithFailure(
                        message(m -> m.endsWith(": the machine method broke")))))
                .haveExactly(1, event(test("noSuchMethod"), finishedWithFailure(message(m -> m.endsWith(
                        "]: @Vm(machine = \"nowhere\") on parameter vm of FailedSetups.noSuchMethod: "
                        + FailedSetups.class.getName() + " has no static method nowhere() or nowhere(Path)"
                        + " returning a Machine or a MachineBuilder")))))
                .haveExactly(1, event(test("readyLineNeverComes"), finishedWithFailure(cause(instanceOf(ConsoleTimeoutException.class)),
                        message(m -> m.contains("no line containing 'NEVER-PRINTED' within 3 s")))))
                .haveExactly(1, event(test("templateWithoutReadyLine"), finishedWithFailure(message(m -> m.contains(
                        "]: @Vm(template = \"t\") on parameter vm of FailedSetups.templateWithoutReadyLine: ready is empty")))));
        assertThat(Scenarios.gone(SEEN.element().pid())).isTrue();
        assertThat(SEEN.element().stateDir()).doesNotExist();
        assertNoQemuChildren();
        assertThat(Scenarios.vmsDir()).isEmptyDirectory();
    }

    @Scenario
    static class TimedOut {
        @Test
        @Timeout(value = 3, threadMode = Timeout.ThreadMode.SAME_THREAD)
        void sleepsPastItsTimeout(@Vm(machine = "noGuest") RunningVm vm) throws InterruptedException {
            SEEN.add(Seen.of("timedOut", vm, null));
            Thread.sleep(Duration.ofMinutes(5));
        }
    }

    @Test
    void aTestInterruptedByItsTimeoutHasItsVmStopped() throws Exception {
        SEEN.clear();
        EngineExecutionResults results = Scenarios.run(TimedOut.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test("sleepsPastItsTimeout"),
                finishedWithFailure(instanceOf(TimeoutException.class))));
        assertThat(Scenarios.gone(SEEN.element().pid())).isTrue();
        assertThat(SEEN.element().stateDir()).doesNotExist();
        assertNoQemuChildren();
    }

    static final CountDownLatch TOGETHER = new CountDownLatch(3);

    @Scenario
    static class Parallel {
        @Test
        void one(@Vm(machine = "noGuest") TestVm vm) throws InterruptedException {
            meet(vm);
        }

        @Test
        void two(@Vm(machine = "noGuest") TestVm vm) throws InterruptedException {
            meet(vm);
        }

        @Test
        void three(@Vm(machine = "noGuest") TestVm vm) throws InterruptedException {
            meet(vm);
        }

        private static void meet(TestVm vm) throws InterruptedException {
            SEEN.add(Seen.of("parallel", vm.vm(), vm.dir()));
            TOGETHER.countDown();
            // only tests that run at the same time get past this
            assertThat(TOGETHER.await(120, TimeUnit.SECONDS)).as("all three tests ran at once").isTrue();
        }
    }

    @Test
    void testsRunInParallelGetTheirOwnNamesSocketsAndDirectories() throws Exception {
        SEEN.clear();
        EngineExecutionResults results = Scenarios.run(Parallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"));

        results.testEvents().assertStatistics(s -> s.succeeded(3));
        List<Seen> vms = List.copyOf(SEEN);
        assertThat(vms).hasSize(3);
        assertThat(vms.stream().map(Seen::name).distinct()).hasSize(3);
        assertThat(vms.stream().map(Seen::stateDir).distinct()).hasSize(3);
        assertThat(vms.stream().map(Seen::dir).distinct()).hasSize(3);
        for (Seen vm : vms) {
            assertThat(Scenarios.gone(vm.pid())).isTrue();
            assertThat(vm.dir()).doesNotExist();
        }
    }

    private static void assertNoQemuChildren() throws InterruptedException {
        for (int i = 0; i < 100 && qemuChildren() > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(qemuChildren()).as("QEMU processes this JVM started that still run").isZero();
    }

    private static long qemuChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").contains("qemu")).count();
    }
}
