package io.jqemu.launcher;

import io.jqemu.core.model.HostCpuSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which QEMU threads the launcher pinned to which host CPUs ({@link io.jqemu.core.model.CpuPinning}),
 * as found after start or re-attach; empty when nothing is pinned.
 *
 * @param threads every pinned thread: the vCPUs in order, then the iothreads, then the emulator threads
 */
public record ThreadPinning(List<PinnedThread> threads) {
    /** Nothing pinned. */
    public static final ThreadPinning NONE = new ThreadPinning(List.of());

    /** Copies the list. */
    public ThreadPinning {
        threads = List.copyOf(threads);
    }

    /** What a pinned thread does in QEMU. */
    public enum Role {
        /** Runs one vCPU ({@code query-cpus-fast}). */
        VCPU,
        /** Runs one iothread ({@code query-iothreads}). */
        IOTHREAD,
        /** Any other QEMU thread: the main loop (the process's first thread) and its helpers. */
        EMULATOR
    }

    /**
     * One pinned thread.
     *
     * @param role     what it does
     * @param name     {@code vcpu<n>}, the iothread's name, or the thread's own name ({@code comm}) for an emulator thread
     * @param threadId the host thread id
     * @param cpus     the host CPUs it may run on
     */
    public record PinnedThread(Role role, String name, long threadId, HostCpuSet cpus) {
        /** Requires the parts. */
        public PinnedThread {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(cpus, "cpus");
        }
    }

    /** The pinned vCPU threads, vCPU 0 first. */
    public List<PinnedThread> vcpus() {
        return ofRole(Role.VCPU);
    }

    /** The pinned thread of iothread {@code name}, if it is pinned. */
    public Optional<PinnedThread> iothread(String name) {
        return ofRole(Role.IOTHREAD).stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The pinned emulator threads (the main thread first). */
    public List<PinnedThread> emulator() {
        return ofRole(Role.EMULATOR);
    }

    private List<PinnedThread> ofRole(Role role) {
        return threads.stream().filter(t -> t.role() == role).toList();
    }
}
