package io.jqemu.benchmarks.launcher;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.Launcher;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.VmState;
import io.jqemu.qmp.QmpEvents;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale run: one JVM launches N paused VMs (128 MiB, TCG, no devices) at once, exchanges a
 * {@code cont}/{@code stop} with each and counts every RESUME and STOP event, then stops them all;
 * against it, a bare loop of {@link ProcessBuilder} spawns of the same argv, each monitor then
 * negotiated over a plain socket. The two alternate, their order swapped every round.
 *
 * <p>Per jqemu round it reports the wall time to launch all N, the live heap per VM (heap in use
 * after full collections with the N VMs up, minus the same before their launch, divided by N: all
 * that a VM keeps reachable, its {@code RunningVm}, QMP client, channel and buffers), the platform
 * threads per VM (live platform threads with the N VMs up minus before, divided by N; the JDK's
 * "process reaper" threads that the baseline's children leave behind for a minute not counted),
 * events received, failures.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.jqemu.benchmarks.launcher.ScaleRun [vms] [rounds]}
 * (defaults 200 and 3). Not a JMH benchmark: one round takes tens of seconds and is a single shot.
 */
public final class ScaleRun {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleRun.class);
    private static final Duration READY = Duration.ofMinutes(10);

    private ScaleRun() {
    }

    /** One jqemu round's figures. */
    record Figures(long launchMillis, long heapBytesPerVm, double threadsPerVm, int stops, int resumes,
                   int failures, long stopMillis) {
    }

    /**
     * Runs the rounds and logs each round and the medians.
     *
     * @param args the number of VMs (default 200) and of rounds (default 3)
     */
    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        LOG.info("scale run: {} VMs x {} rounds; open files limit {}, load {}", vms, rounds,
                Files.readString(Path.of("/proc/self/limits")).lines().filter(l -> l.startsWith("Max open files"))
                        .findFirst().orElse("?").replaceAll("\\s+", " "),
                Files.readString(Path.of("/proc/loadavg")).trim());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jqs");
        try {
            Launcher launcher = Launcher.builder().stateRoot(dir.resolve("s")).runtimeRoot(dir.resolve("r"))
                    .stopVmsOnJvmExit(true).build();
            // warm-up: the JIT, jnr's stubs and the shared threads, not measured
            runJqemu(launcher, 2, "warm");
            runBare(dir, 2, "warm");
            List<Figures> jqemu = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                boolean jqemuFirst = r % 2 == 1;
                Figures f = null;
                long b = 0;
                for (int part = 0; part < 2; part++) {
                    if ((part == 0) == jqemuFirst) {
                        f = runJqemu(launcher, vms, "r" + r);
                    } else {
                        b = runBare(dir, vms, "r" + r);
                    }
                }
                jqemu.add(f);
                bare.add(b);
                LOG.info("round {} ({} first): jqemu launch {} ms, bare launch {} ms, ratio {}; heap/VM {} KiB;"
                                + " platform threads/VM {}; STOP {} RESUME {} of {}; failures {}; stop all {} ms; load {}",
                        r, jqemuFirst ? "jqemu" : "bare", f.launchMillis(), b,
                        String.format("%.2f", (double) f.launchMillis() / b), f.heapBytesPerVm() / 1024,
                        String.format("%.3f", f.threadsPerVm()), f.stops(), f.resumes(), vms, f.failures(),
                        f.stopMillis(), Files.readString(Path.of("/proc/loadavg")).trim());
            }
            double[] ratios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[i] = (double) jqemu.get(i).launchMillis() / bare.get(i);
            }
            LOG.info("medians over {} rounds: jqemu launch {} ms, bare {} ms, ratio {} (rounds {}); heap/VM {} KiB;"
                            + " platform threads/VM {}",
                    rounds, median(jqemu.stream().mapToDouble(Figures::launchMillis).toArray()),
                    median(bare.stream().mapToDouble(Long::doubleValue).toArray()),
                    String.format("%.2f", median(ratios)), Arrays.toString(Arrays.stream(ratios)
                            .mapToObj(x -> String.format("%.2f", x)).toArray()),
                    median(jqemu.stream().mapToDouble(Figures::heapBytesPerVm).toArray()) / 1024,
                    String.format("%.3f", median(jqemu.stream().mapToDouble(Figures::threadsPerVm).toArray())));
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Figures runJqemu(Launcher launcher, int vms, String tag) throws Exception {
        long heapBefore = liveHeapBytes();
        int threadsBefore = platformThreads();
        AtomicInteger stops = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<RunningVm> running = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService work = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<RunningVm>> launched = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                Machine machine = Machine.builder().name("scale-" + tag + "-" + i).memoryMib(128)
                        .accelerator(Accelerator.TCG).build();
                launched.add(CompletableFuture.supplyAsync(() -> launcher.launch(machine, LaunchOptions.startPaused()), work));
            }
            for (CompletableFuture<RunningVm> f : launched) {
                try {
                    running.add(f.get(READY.toSeconds(), TimeUnit.SECONDS));
                } catch (Exception e) {
                    failures.incrementAndGet();
                    LOG.warn("launch failed: {}", e.toString());
                }
            }
        }
        long launchMillis = (System.nanoTime() - start) / 1_000_000;
        try (ExecutorService work = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RunningVm vm : running) {
                vm.onEvent(QmpEvents.named("STOP"), e -> stops.incrementAndGet());
                vm.onEvent(QmpEvents.named("RESUME"), e -> resumes.incrementAndGet());
                work.submit(() -> {
                    try {
                        vm.resume();
                        vm.pause();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        LOG.warn("{}: {}", vm.name(), e.toString());
                    }
                });
            }
        }
        long deadline = System.nanoTime() + READY.toNanos();
        while ((stops.get() < running.size() || resumes.get() < running.size()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int threadsDuring = platformThreads();
        long heapDuring = liveHeapBytes();
        long stopStart = System.nanoTime();
        try (ExecutorService work = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RunningVm vm : running) {
                work.submit(vm::close);
            }
        }
        long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
        for (RunningVm vm : running) {
            if (vm.state() != VmState.STOPPED) {
                failures.incrementAndGet();
                LOG.warn("{} ended {}", vm.name(), vm.state());
            }
        }
        return new Figures(launchMillis, (heapDuring - heapBefore) / Math.max(1, running.size()),
                (double) (threadsDuring - threadsBefore) / Math.max(1, running.size()), stops.get(), resumes.get(),
                failures.get(), stopMillis);
    }

    private static long runBare(Path dir, int vms, String tag) throws Exception {
        List<List<String>> argvs = new ArrayList<>();
        List<Path> sockets = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            Path socket = dir.resolve("b" + tag + "-" + i + ".sock");
            Machine machine = Machine.builder().name("bare-" + tag + "-" + i).memoryMib(128)
                    .accelerator(Accelerator.TCG).build();
            argvs.add(MachineRenderer.render(machine, RenderContext.builder().qmpSocket(socket.toString())
                    .runtimeDir(dir.toString()).startPaused(true).build()).argv());
            sockets.add(socket);
        }
        List<BareQemu> ready = new ArrayList<>();
        long start = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            processes.add(BareQemu.spawn(argvs.get(i), sockets.get(i)));
        }
        try (ExecutorService work = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<BareQemu>> negotiated = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                Process p = processes.get(i);
                Path socket = sockets.get(i);
                negotiated.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return BareQemu.negotiate(p, socket);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, work));
            }
            for (CompletableFuture<BareQemu> f : negotiated) {
                ready.add(f.get(READY.toSeconds(), TimeUnit.SECONDS));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        for (BareQemu q : ready) {
            q.close();
        }
        return millis;
    }

    /**
     * Bytes of live objects: the heap in use (MemoryMXBean) after {@code System.gc()}, which G1
     * runs as a full collection, repeated until the figure settles (within 1%) or five times.
     */
    private static long liveHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < used / 100) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /**
     * Live platform threads, less the JDK's "process reaper" threads: those belong to the
     * baseline's {@link ProcessBuilder} children and outlive them by up to 60 s (the JDK's pool).
     */
    private static int platformThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().equals("process reaper")).count();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
