package io.jqemu.core.model;

import java.util.List;
import java.util.Objects;

/**
 * TLS for a remote console, with x509 credentials from a directory.
 *
 * @param dir        absolute directory holding {@code ca-cert.pem}, {@code server-cert.pem} and
 *                   {@code server-key.pem} (QEMU's file names)
 * @param verifyPeer VNC only: ask each viewer for a client certificate signed by that CA
 */
public record ConsoleTls(String dir, boolean verifyPeer) {
    /** The files QEMU reads from {@link #dir()}. */
    public static final List<String> FILES = List.of("ca-cert.pem", "server-cert.pem", "server-key.pem");

    /** Rejects a null directory. */
    public ConsoleTls {
        Objects.requireNonNull(dir, "dir");
    }
}
