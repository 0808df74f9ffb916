package io.jqemu.core;

import java.util.Objects;

/**
 * One reason a machine is invalid.
 *
 * @param path    the field path, e.g. {@code disks[1].path} or {@code nics[0].mac}
 * @param message what is wrong, naming the offending value
 */
public record Violation(String path, String message) {
    /** Refuses null components; the exception names the component. */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
