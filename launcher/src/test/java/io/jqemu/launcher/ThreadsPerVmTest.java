package io.jqemu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.qmp.QmpEvents;
import io.jqemu.testsupport.RequiresQemu;
import io.jqemu.testsupport.TestTimeouts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many VMs under one JVM cost (almost) no platform thread each: QEMU processes are watched by one
 * thread, logs read by one pump, monitors served by one event loop, everything else runs on virtual
 * threads. Real paused QEMUs (TCG, 128 MiB), launched concurrently.
 */
@RequiresQemu
class ThreadsPerVmTest {
    private static final int VMS = 20;
    private static final double PLATFORM_THREADS_PER_VM = 0.1;
    /** Started once per JVM and kept (the JDK's and Netty's own), or sized by the JVM, not by VMs. */
    private static final List<String> JVM_WIDE = List.of("C1 CompilerThread", "C2 CompilerThread", "ForkJoinPool",
            "qmp-timeouts", "Attach Listener", "process reaper", "VirtualThread-unblocker", "Cleaner-",
            "jnr.ffi.util.ref.internal.Finalizer");

    @TempDir
    Path dir;

    @Test
    void manyPausedVmsShareAHandfulOfPlatformThreadsAndLeaveNoneBehind() throws Exception {
        Set<Long> before = platformThreadIds();
        Launcher launcher = TestMachines.launcher(dir);

        // one VM first: the shared threads (watcher, log pump, event loop, carriers) exist from here on
        RunningVm first = launcher.launch(TestMachines.empty("threads-first").build(), LaunchOptions.startPaused());
        int withOne = platformThreadCount();
        Set<Long> withOneIds = platformThreadIds();

        Map<String, AtomicInteger> stops = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> resumes = new ConcurrentHashMap<>();
        List<RunningVm> vms = new ArrayList<>();
        try (ExecutorService launches = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<RunningVm>> launched = new ArrayList<>();
            for (int i = 0; i < VMS; i++) {
                String name = "threads-" + i;
                launched.add(CompletableFuture.supplyAsync(() -> {
                    RunningVm vm = launcher.launch(TestMachines.empty(name).build(), LaunchOptions.startPaused());
                    stops.put(name, new AtomicInteger());
                    resumes.put(name, new AtomicInteger());
                    vm.onEvent(QmpEvents.named("STOP"), e -> stops.get(name).incrementAndGet());
                    vm.onEvent(QmpEvents.named("RESUME"), e -> resumes.get(name).incrementAndGet());
                    vm.resume();
                    vm.pause();
                    return vm;
                }, launches));
            }
            for (CompletableFuture<RunningVm> f : launched) {
                vms.add(f.get(TestTimeouts.QEMU_START.toSeconds() * 3, TimeUnit.SECONDS));
            }
        }
        try {
            awaitEvents(stops, resumes);
            assertThat(stops.values()).as("one STOP per VM").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            assertThat(resumes.values()).as("one RESUME per VM").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            assertThat(vms).allSatisfy(vm -> assertThat(vm.state()).isEqualTo(VmState.PAUSED));

            int added = awaitThreadCountAtMost(withOne + (int) (VMS * PLATFORM_THREADS_PER_VM)) - withOne;
            assertThat((double) added / VMS).as("platform threads per VM (%d more for %d VMs: %s)", added, VMS,
                            newThreadNames(withOneIds))
                    .isLessThanOrEqualTo(PLATFORM_THREADS_PER_VM);
            List<String> names = platformThreadNames();
            for (RunningVm vm : vms) {
                assertThat(names).as("no thread of its own for %s", vm.name())
                        .noneMatch(n -> n.contains(vm.name()) || n.contains(Long.toString(vm.pid())));
            }
        } finally {
            try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
                for (RunningVm vm : vms) {
                    stopping.submit(vm::close);
                }
            }
            first.close();
        }
        assertThat(vms).allSatisfy(vm -> assertThat(vm.state()).isEqualTo(VmState.STOPPED));
        assertThat(first.state()).isEqualTo(VmState.STOPPED);
        assertThat(awaitNoNewThreads(before)).as("platform threads left after the last VM").isEmpty();
    }

    private static void awaitEvents(Map<String, AtomicInteger> stops, Map<String, AtomicInteger> resumes)
            throws InterruptedException {
        long deadline = System.nanoTime() + TestTimeouts.COMMAND.toNanos();
        while (System.nanoTime() < deadline && !(stops.values().stream().allMatch(n -> n.get() >= 1)
                && resumes.values().stream().allMatch(n -> n.get() >= 1))) {
            Thread.sleep(20);
        }
    }

    /** The thread count once it is at most {@code limit}, or after 10 s (transient threads end by then). */
    private static int awaitThreadCountAtMost(int limit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (platformThreadCount() > limit && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return platformThreadCount();
    }

    /** Threads started since {@code before} that are still alive after up to 10 s, JVM-wide ones aside. */
    private static List<String> awaitNoNewThreads(Set<Long> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            Thread.sleep(50);
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isVirtual() && !before.contains(t.threadId()))
                    .map(Thread::getName)
                    .filter(n -> JVM_WIDE.stream().noneMatch(n::startsWith))
                    .toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        return left;
    }

    /** Live platform threads (the JDK lists no virtual thread here), what ThreadMXBean counts too. */
    private static int platformThreadCount() {
        return Thread.getAllStackTraces().size();
    }

    private static Set<Long> platformThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::threadId).collect(Collectors.toSet());
    }

    private static List<String> newThreadNames(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t.threadId()))
                .map(Thread::getName).toList();
    }

    private static List<String> platformThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
