package io.jqemu.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which host CPUs QEMU's threads may run on, applied by the launcher after QEMU starts (and again when
 * it re-attaches). Each value is a host CPU set in the kernel's list format ({@link HostCpuSet}).
 *
 * @param vcpus     one set per vCPU, vCPU 0 first; empty leaves the vCPU threads unpinned
 * @param emulator  the set for every QEMU thread that is neither a vCPU nor an iothread pinned in
 *                  {@code iothreads} (the main loop, its workers, and threads started later by them)
 * @param iothreads a set per iothread name (declared in {@link Machine#iothreads()}); an iothread not
 *                  named here counts as an emulator thread
 */
public record CpuPinning(List<String> vcpus, Optional<String> emulator, Map<String, String> iothreads) {
    /** No pinning: QEMU's threads run wherever the host scheduler puts them. */
    public static final CpuPinning NONE = new CpuPinning(List.of(), Optional.empty(), Map.of());

    /** Copies the list and the map. */
    public CpuPinning {
        vcpus = List.copyOf(vcpus);
        Objects.requireNonNull(emulator, "emulator");
        iothreads = Map.copyOf(iothreads);
    }

    /** Whether nothing is pinned. */
    public boolean isEmpty() {
        return vcpus.isEmpty() && emulator.isEmpty() && iothreads.isEmpty();
    }

    /** Every vCPU on the same set {@code cpus}, for a machine with {@code count} vCPUs. */
    public static CpuPinning allVcpus(int count, String cpus) {
        return new CpuPinning(java.util.Collections.nCopies(count, cpus), Optional.empty(), Map.of());
    }

    /** This pinning with the emulator threads on {@code cpus}. */
    public CpuPinning withEmulator(String cpus) {
        return new CpuPinning(vcpus, Optional.of(cpus), iothreads);
    }

    /** This pinning with iothread {@code name} on {@code cpus}. */
    public CpuPinning withIothread(String name, String cpus) {
        Map<String, String> more = new java.util.HashMap<>(iothreads);
        more.put(name, cpus);
        return new CpuPinning(vcpus, emulator, more);
    }
}
