package io.jqemu.launcher.host;

import io.jqemu.core.model.DiskSize;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's huge pages as the kernel reports them at the moment of reading: one {@link Pool} per page
 * size ({@code /sys/kernel/mm/hugepages/hugepages-<kB>kB}) and the hugetlbfs mounts ({@code /proc/mounts}).
 * Read through a {@link HostRoot}, so tests can give a fake tree.
 */
public final class HugePages {
    private static final String POOLS = "/sys/kernel/mm/hugepages";

    private final List<Pool> pools;
    private final List<Mount> mounts;

    private HugePages(List<Pool> pools, List<Mount> mounts) {
        this.pools = List.copyOf(pools);
        this.mounts = List.copyOf(mounts);
    }

    /**
     * One huge page size the kernel supports.
     *
     * @param pageSizeBytes the page size
     * @param total         pages in the pool ({@code nr_hugepages})
     * @param free          pages not in use ({@code free_hugepages})
     * @param reserved      free pages promised to mappings already made ({@code resv_hugepages})
     */
    public record Pool(long pageSizeBytes, long total, long free, long reserved) {
        /** Pages a new mapping can still get: free and not reserved. */
        public long available() {
            return Math.max(0, free - reserved);
        }

        /** The file through which the pool's size is set, e.g. {@code /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages}. */
        public String sizeFile() {
            return POOLS + "/hugepages-" + (pageSizeBytes >> 10) + "kB/nr_hugepages";
        }
    }

    /**
     * A hugetlbfs mount.
     *
     * @param path          the mount point
     * @param pageSizeBytes the size of its pages
     */
    public record Mount(String path, long pageSizeBytes) {
        /** Requires the path. */
        public Mount {
            Objects.requireNonNull(path, "path");
        }

        /** Whether {@code dir} is this mount point or lies below it. */
        boolean holds(String dir) {
            String normalized = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
            return normalized.equals(path) || normalized.startsWith(path.endsWith("/") ? path : path + "/");
        }
    }

    /** Reads the pools and mounts of the host under {@code host}. */
    public static HugePages read(HostRoot host) {
        List<Pool> pools = new ArrayList<>();
        for (String name : host.list(POOLS)) {
            if (!name.startsWith("hugepages-") || !name.endsWith("kB")) {
                continue;
            }
            try {
                long kib = Long.parseLong(name.substring("hugepages-".length(), name.length() - 2));
                String dir = POOLS + "/" + name + "/";
                pools.add(new Pool(kib << 10, number(host, dir + "nr_hugepages"), number(host, dir + "free_hugepages"),
                        number(host, dir + "resv_hugepages")));
            } catch (NumberFormatException e) {
                // not a pool directory
            }
        }
        pools.sort(Comparator.comparingLong(Pool::pageSizeBytes));
        long defaultSize = defaultPageSize(host);
        List<Mount> mounts = new ArrayList<>();
        for (String line : host.read("/proc/mounts").orElse("").split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length >= 4 && fields[2].equals("hugetlbfs")) {
                mounts.add(new Mount(unescape(fields[1]), pageSizeOption(fields[3]).orElse(defaultSize)));
            }
        }
        return new HugePages(pools, mounts);
    }

    /** Every page size the kernel supports, smallest first. */
    public List<Pool> pools() {
        return pools;
    }

    /** The pool of {@code pageSizeBytes}, empty when the kernel has no huge pages of that size. */
    public Optional<Pool> pool(long pageSizeBytes) {
        return pools.stream().filter(p -> p.pageSizeBytes() == pageSizeBytes).findFirst();
    }

    /** Every hugetlbfs mount, in {@code /proc/mounts} order. */
    public List<Mount> mounts() {
        return mounts;
    }

    /** The first hugetlbfs mount with pages of {@code pageSizeBytes}. */
    public Optional<String> mountFor(long pageSizeBytes) {
        return mounts.stream().filter(m -> m.pageSizeBytes() == pageSizeBytes).map(Mount::path).findFirst();
    }

    /** The hugetlbfs mount {@code dir} lies on (the deepest one holding it), if any. */
    public Optional<Mount> mountHolding(String dir) {
        return mounts.stream().filter(m -> m.holds(dir)).max(Comparator.comparingInt(m -> m.path().length()));
    }

    /**
     * One line per page size for {@code jqemu check}, e.g.
     * {@code 2M: 64 free of 64 (0 reserved), mounted at /dev/hugepages}.
     */
    public String describe() {
        if (pools.isEmpty()) {
            return "not supported by this kernel";
        }
        List<String> lines = new ArrayList<>();
        for (Pool p : pools) {
            String size = DiskSize.describe(p.pageSizeBytes());
            List<String> at = mounts.stream().filter(m -> m.pageSizeBytes() == p.pageSizeBytes()).map(Mount::path).toList();
            lines.add(size + ": " + p.free() + " free of " + p.total() + " (" + p.reserved()
                    + " reserved), " + (at.isEmpty() ? "no hugetlbfs mount" : "mounted at " + String.join(", ", at)));
        }
        return String.join("\n", lines);
    }

    private static long number(HostRoot host, String path) {
        return host.read(path).map(Long::parseLong).orElse(0L);
    }

    /** {@code Hugepagesize} of {@code /proc/meminfo}: the size of a hugetlbfs mount without a {@code pagesize} option. */
    private static long defaultPageSize(HostRoot host) {
        for (String line : host.read("/proc/meminfo").orElse("").split("\n")) {
            if (line.startsWith("Hugepagesize:")) {
                String[] parts = line.substring("Hugepagesize:".length()).strip().split("\\s+");
                try {
                    return Long.parseLong(parts[0]) << 10;
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return 2L << 20;
    }

    private static Optional<Long> pageSizeOption(String options) {
        for (String option : options.split(",")) {
            if (option.startsWith("pagesize=")) {
                try {
                    return Optional.of(DiskSize.parse(option.substring("pagesize=".length())));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** A {@code /proc/mounts} field with its octal escapes ({@code \040} for a space) decoded. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
