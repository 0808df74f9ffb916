package io.jqemu.cli.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a vm.toml: where it is, which field it concerns and what is wrong.
 *
 * @param location  where in the file, when known
 * @param fieldPath the field path, e.g. {@code disks[1].path}; empty for whole-file syntax errors
 * @param message   what is wrong, naming the offending value
 */
public record ConfigProblem(Optional<SourceLocation> location, String fieldPath, String message) {

    /** Checks that no component is null. */
    public ConfigProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: fieldPath: message}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        location.ifPresent(l -> out.append(l).append(": "));
        if (!fieldPath.isEmpty()) {
            out.append(fieldPath).append(": ");
        }
        return out.append(message).toString();
    }
}
