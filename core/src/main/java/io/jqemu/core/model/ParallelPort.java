package io.jqemu.core.model;

import java.util.Objects;

/** An {@code isa-parallel} port (LPT1 first) and its host side; the n-th has id {@code parallel<n>}. */
public record ParallelPort(CharBackend backend) {
    /** Checks the backend is present. */
    public ParallelPort {
        Objects.requireNonNull(backend, "backend");
    }
}
