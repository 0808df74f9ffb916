package io.jqemu.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The guest CPU model, topology, feature flags and Hyper-V enlightenments; the vCPU count is
 * {@code sockets * cores * threads}.
 *
 * @param model   a QEMU CPU model name, e.g. {@code host} or {@code max}
 * @param sockets sockets, at least 1
 * @param cores   cores per socket, at least 1
 * @param threads threads per core, at least 1
 * @param flags   feature flags as {@code +name} (on) or {@code -name} (off), e.g. {@code +avx2}, {@code -svm};
 *                see {@link CpuFlag}
 * @param hyperv  the Hyper-V enlightenments for a Windows guest; none when empty
 */
public record Cpu(String model, int sockets, int cores, int threads, List<String> flags, Optional<HyperV> hyperv) {
    /** The default: model {@code max} (works with KVM and TCG), one socket, one core, one thread. */
    public static final Cpu DEFAULT = new Cpu("max", 1, 1, 1);

    /** Checks the fields are present and copies the flags. */
    public Cpu {
        Objects.requireNonNull(model, "model");
        flags = List.copyOf(Objects.requireNonNull(flags, "flags"));
        Objects.requireNonNull(hyperv, "hyperv");
    }

    /** A CPU with no flags and no Hyper-V enlightenments. */
    public Cpu(String model, int sockets, int cores, int threads) {
        this(model, sockets, cores, threads, List.of(), Optional.empty());
    }

    /** The number of vCPUs this topology gives. */
    public int vcpus() {
        return sockets * cores * threads;
    }

    /** This CPU with another model, its topology, flags and enlightenments kept. */
    public Cpu withModel(String value) {
        return new Cpu(value, sockets, cores, threads, flags, hyperv);
    }

    /** This CPU with these feature flags ({@code +name} / {@code -name}) instead of its own. */
    public Cpu withFlags(String... value) {
        return new Cpu(model, sockets, cores, threads, List.of(value), hyperv);
    }

    /** This CPU with these Hyper-V enlightenments. */
    public Cpu withHyperV(HyperV value) {
        return new Cpu(model, sockets, cores, threads, flags, Optional.of(value));
    }

    /** This CPU without Hyper-V enlightenments. */
    public Cpu withoutHyperV() {
        return new Cpu(model, sockets, cores, threads, flags, Optional.empty());
    }

    /** The flags parsed, in order; only meaningful for a validated CPU. */
    public List<CpuFlag> parsedFlags() {
        return flags.stream().map(CpuFlag::parse).toList();
    }
}
