package io.jqemu.launcher.host;

import java.util.Objects;

/**
 * One host check that failed, from {@link HostPreparation#check}: what {@code jqemu check} lists.
 *
 * @param fieldPath the configuration field the requirement comes from, e.g. {@code disks[1].path}
 * @param message   what is wrong, without the field path
 */
public record HostFinding(String fieldPath, String message) {
    /** Checks both are present. */
    public HostFinding {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(message, "message");
    }

    static HostFinding of(String fieldPath, HostException failure) {
        String text = String.valueOf(failure.getMessage());
        String prefix = fieldPath + ": ";
        return new HostFinding(fieldPath, text.startsWith(prefix) ? text.substring(prefix.length()) : text);
    }

    /** {@code <field path>: <message>}, the form the launch's own errors take. */
    @Override
    public String toString() {
        return fieldPath + ": " + message;
    }
}
