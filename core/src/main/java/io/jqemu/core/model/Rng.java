package io.jqemu.core.model;

import java.util.Objects;

/**
 * A {@code virtio-rng-pci} entropy device (id {@code rng0}) fed by an {@code rng-random} object.
 *
 * @param source the host entropy source, e.g. {@code /dev/urandom}
 */
public record Rng(String source) {
    /** Entropy from /dev/urandom. */
    public static final Rng URANDOM = new Rng("/dev/urandom");

    /** Checks the source is present. */
    public Rng {
        Objects.requireNonNull(source, "source");
    }
}
