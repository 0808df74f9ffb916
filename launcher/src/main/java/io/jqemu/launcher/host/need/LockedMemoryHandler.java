package io.jqemu.launcher.host.need;

import io.jqemu.core.model.DiskSize;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import java.util.Optional;

/**
 * Locked guest memory: QEMU inherits this process's locked-memory limit ({@code RLIMIT_MEMLOCK},
 * {@code /proc/self/limits}) and must be able to lock at least the guest's memory, unless it holds
 * {@code CAP_IPC_LOCK} ({@code /proc/self/status} {@code CapEff}), as root does.
 */
final class LockedMemoryHandler implements NeedHandler<HostResource.LockedMemory> {
    private static final int CAP_IPC_LOCK = 14;

    private final HostRoot host;

    LockedMemoryHandler(HostRoot host) {
        this.host = host;
    }

    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.LockedMemory need, Inspection inspection) {
        if (mayLockWithoutLimit()) {
            return;
        }
        Optional<Long> limit = limit();
        if (limit.isPresent() && limit.get() < need.guestBytes()) {
            throw new HostException(need.fieldPath() + ": QEMU must lock the guest's " + DiskSize.describe(need.guestBytes())
                    + " and its own memory, but the locked-memory limit is " + DiskSize.describe(limit.get())
                    + " (ulimit -l); raise it (ulimit -l unlimited, LimitMEMLOCK=infinity in a systemd unit)"
                    + " or run as root");
        }
    }

    @Override
    public String describe(HostResource.LockedMemory need, Inspection inspection) {
        String allowance = mayLockWithoutLimit() ? "CAP_IPC_LOCK: no limit"
                : limit().map(l -> "limit " + DiskSize.describe(l)).orElse("no limit");
        return "QEMU locks the guest's " + DiskSize.describe(need.guestBytes()) + " and its own memory (" + allowance + ")";
    }

    private boolean mayLockWithoutLimit() {
        for (String line : host.read("/proc/self/status").orElse("").split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (caps & (1L << CAP_IPC_LOCK)) != 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** The soft limit in bytes; empty when unlimited or unknown. */
    private Optional<Long> limit() {
        for (String line : host.read("/proc/self/limits").orElse("").split("\n")) {
            if (line.startsWith("Max locked memory")) {
                String[] fields = line.substring("Max locked memory".length()).strip().split("\\s+");
                try {
                    return Optional.of(Long.parseLong(fields[0]));
                } catch (NumberFormatException unlimited) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
