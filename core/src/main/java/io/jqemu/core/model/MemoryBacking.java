package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where guest RAM comes from. {@link Anonymous} (the default) is QEMU's own private memory and renders
 * only {@code -m}; every other kind renders a {@code memory-backend-*} object {@code ram0} that the
 * machine uses ({@code -machine memory-backend=ram0}).
 */
public sealed interface MemoryBacking
        permits MemoryBacking.Anonymous, MemoryBacking.Memfd, MemoryBacking.HugePages, MemoryBacking.File {

    /** The default huge page size on x86: 2 MiB. */
    long DEFAULT_HUGE_PAGE_SIZE = 2L << 20;

    /** The default: private anonymous memory. */
    MemoryBacking DEFAULT = new Anonymous();

    /**
     * Whether guest RAM is mapped shared, so another process (virtiofsd, a vhost-user back end) can map
     * it too.
     */
    boolean shared();

    /** Anonymous memory with {@code shared = true}: a memfd. */
    static MemoryBacking sharedMemfd() {
        return new Memfd(true);
    }

    /** Huge pages of {@code pageSizeBytes} from the host's hugetlbfs mount for that size. */
    static MemoryBacking hugePages(long pageSizeBytes) {
        return new HugePages(Optional.empty(), pageSizeBytes);
    }

    /** QEMU's private anonymous memory; renders exactly {@code -m} and nothing else. */
    record Anonymous() implements MemoryBacking {
        @Override
        public boolean shared() {
            return false;
        }
    }

    /**
     * A memfd ({@code memory-backend-memfd}): anonymous memory that can be shared.
     *
     * @param shared map it shared ({@code share=on}), as virtiofs and vhost-user need
     */
    record Memfd(boolean shared) implements MemoryBacking {
    }

    /**
     * Huge pages: {@code memory-backend-file} on a hugetlbfs mount, preallocated ({@code prealloc=on}),
     * mapped shared. The guest's memory must be a multiple of the page size, and the host must have
     * that many free huge pages of that size (the launcher checks before it changes anything).
     *
     * @param path          the hugetlbfs mount (or a directory in one); empty means the host's mount
     *                      for {@code pageSizeBytes}, found by the launcher
     * @param pageSizeBytes the huge page size: 2 MiB ({@link #DEFAULT_HUGE_PAGE_SIZE}) or 1 GiB on x86
     */
    record HugePages(Optional<String> path, long pageSizeBytes) implements MemoryBacking {
        /** Requires the path (possibly empty). */
        public HugePages {
            Objects.requireNonNull(path, "path");
        }

        /** Always true: huge pages are mapped shared ({@code share=on}). */
        @Override
        public boolean shared() {
            return true;
        }
    }

    /**
     * A file ({@code memory-backend-file}), e.g. on a tmpfs or DAX device: QEMU opens {@code path}
     * (an existing directory gets a temporary file QEMU removes itself).
     *
     * @param path   an absolute path
     * @param shared map it shared ({@code share=on}): writes reach the file
     */
    record File(String path, boolean shared) implements MemoryBacking {
        /** Requires the path. */
        public File {
            Objects.requireNonNull(path, "path");
        }
    }
}
