package io.jqemu.launcher.host.need;

import io.jqemu.core.model.DiskSize;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.HugePages;
import java.util.Optional;

/**
 * Guest RAM on huge pages: the memory file's directory must be on a hugetlbfs mount of the page size,
 * and the host's pool of that size must have enough free pages, or QEMU's preallocation would fail
 * (or, without it, the guest would die at its first fault beyond the pool).
 */
final class HugePageMemoryHandler implements NeedHandler<HostResource.HugePageMemory> {
    private final HostRoot host;

    HugePageMemoryHandler(HostRoot host) {
        this.host = host;
    }

    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.HugePageMemory need, Inspection inspection) {
        HugePages pages = HugePages.read(host);
        String size = DiskSize.describe(need.pageSizeBytes());
        inspection.verify(need.fieldPath() + ".path", () -> {
            Optional<HugePages.Mount> mount = pages.mountHolding(need.mount());
            if (mount.isEmpty()) {
                throw new HostException(need.fieldPath() + ".path: " + need.mount() + " is not on a hugetlbfs mount"
                        + " (mount one: mount -t hugetlbfs -o pagesize=" + size + " none " + need.mount() + ")");
            }
            if (mount.get().pageSizeBytes() != need.pageSizeBytes()) {
                throw new HostException(need.fieldPath() + ".path: " + need.mount() + " is on a hugetlbfs mount of "
                        + DiskSize.describe(mount.get().pageSizeBytes()) + " pages, not " + size);
            }
            if (!host.exists(need.mount())) {
                throw new HostException(need.fieldPath() + ".path: " + need.mount() + " does not exist");
            }
        });
        Optional<HugePages.Pool> pool = pages.pool(need.pageSizeBytes());
        if (pool.isEmpty()) {
            throw new HostException(need.fieldPath() + ": this kernel has no " + size + " huge pages (sizes it has: "
                    + (pages.pools().isEmpty() ? "none" : String.join(", ", pages.pools().stream()
                    .map(p -> DiskSize.describe(p.pageSizeBytes())).toList())) + ")");
        }
        HugePages.Pool p = pool.get();
        if (p.available() < need.pages()) {
            throw new HostException(need.fieldPath() + ": the guest needs " + need.pages() + " huge pages of " + size
                    + " (" + DiskSize.describe(need.pages() * need.pageSizeBytes()) + "), the host has " + p.available()
                    + " free (" + p.total() + " in the pool, " + p.free() + " free, " + p.reserved() + " reserved);"
                    + " reserve more: echo " + (p.total() + need.pages() - p.available()) + " > " + p.sizeFile()
                    + (need.pageSizeBytes() >= 1L << 30 ? " (1G pages are best reserved at boot: hugepagesz=1G hugepages=N)"
                    : ""));
        }
    }

    @Override
    public String describe(HostResource.HugePageMemory need, Inspection inspection) {
        String size = DiskSize.describe(need.pageSizeBytes());
        String free = HugePages.read(host).pool(need.pageSizeBytes())
                .map(p -> p.available() + " of " + p.total() + " free").orElse("none on this host");
        return "QEMU preallocates " + need.pages() + " huge pages of " + size + " in " + need.mount() + " (" + free + ")";
    }
}
