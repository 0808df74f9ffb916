package io.jqemu.core.model;

import java.util.Objects;

/**
 * The guest CPU model and topology; the vCPU count is {@code sockets * cores * threads}.
 *
 * @param model   a QEMU CPU model name, e.g. {@code host} or {@code max}
 * @param sockets sockets, at least 1
 * @param cores   cores per socket, at least 1
 * @param threads threads per core, at least 1
 */
public record Cpu(String model, int sockets, int cores, int threads) {
    /** The default: model {@code max} (works with KVM and TCG), one socket, one core, one thread. */
    public static final Cpu DEFAULT = new Cpu("max", 1, 1, 1);

    /** Checks the model is present. */
    public Cpu {
        Objects.requireNonNull(model, "model");
    }

    /** The number of vCPUs this topology gives. */
    public int vcpus() {
        return sockets * cores * threads;
    }
}
