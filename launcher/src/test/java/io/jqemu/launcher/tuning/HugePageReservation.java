package io.jqemu.launcher.tuning;

import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.HugePages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reserves 2M huge pages on this host for a test ({@code /proc/sys/vm/nr_hugepages} raised by the count)
 * and mounts a hugetlbfs when the host has none; {@link #close()} (or, failing that, JVM exit) unmounts it
 * and puts the pool back to its size before. Needs root.
 */
final class HugePageReservation implements AutoCloseable {
    static final long PAGE = 2L << 20;
    private static final Path NR_HUGEPAGES = Path.of("/proc/sys/vm/nr_hugepages");

    private final long before;
    private final Optional<Path> mounted;
    private final Thread atExit;
    private boolean closed;

    private HugePageReservation(long before, Optional<Path> mounted) {
        this.before = before;
        this.mounted = mounted;
        this.atExit = new Thread(this::restore, "hugepage-restore");
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    /** Raises the pool by {@code pages} 2M pages and makes sure a hugetlbfs of 2M pages is mounted. */
    static HugePageReservation reserve(long pages) throws IOException, InterruptedException {
        long before = Long.parseLong(Files.readString(NR_HUGEPAGES).strip());
        Optional<Path> mounted = Optional.empty();
        HugePageReservation reservation = null;
        try {
            if (HugePages.read(HostRoot.system()).mountFor(PAGE).isEmpty()) {
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "jqhuge");
                run("mount", "-t", "hugetlbfs", "-o", "pagesize=2M", "none", dir.toString());
                mounted = Optional.of(dir);
            }
            reservation = new HugePageReservation(before, mounted);
            Files.writeString(NR_HUGEPAGES, Long.toString(before + pages));
            long available = HugePages.read(HostRoot.system()).pool(PAGE).orElseThrow().available();
            if (available < pages) {
                throw new IllegalStateException("the kernel gave only " + available + " of " + pages + " huge pages");
            }
            return reservation;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (reservation != null) {
                reservation.close();
            } else {
                mounted.ifPresent(HugePageReservation::unmount);
            }
            throw e;
        }
    }

    /** The hugetlbfs mount the VM's memory goes to. */
    String mount() {
        return HugePages.read(HostRoot.system()).mountFor(PAGE).orElseThrow();
    }

    /** {@code HugePages_Free} of {@code /proc/meminfo}. */
    static long freePages() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("HugePages_Free:"))
                .map(l -> Long.parseLong(l.substring("HugePages_Free:".length()).strip())).findFirst().orElseThrow();
    }

    @Override
    public synchronized void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
    }

    private synchronized void restore() {
        if (closed) {
            return;
        }
        closed = true;
        mounted.ifPresent(HugePageReservation::unmount);
        try {
            Files.writeString(NR_HUGEPAGES, Long.toString(before));
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore nr_hugepages to " + before, e);
        }
    }

    private static void unmount(Path dir) {
        try {
            run("umount", dir.toString());
            Files.deleteIfExists(dir);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot unmount " + dir, e);
        }
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }
}
