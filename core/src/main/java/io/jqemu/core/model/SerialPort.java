package io.jqemu.core.model;

import java.util.Objects;

/** An {@code isa-serial} port (COM1 first) and its host side; the n-th has id {@code serial<n>}. */
public record SerialPort(CharBackend backend) {
    /** Checks the backend is present. */
    public SerialPort {
        Objects.requireNonNull(backend, "backend");
    }
}
