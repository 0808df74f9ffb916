package io.jqemu.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the nearest directory above the working directory with {@code scripts/build-test-guest}. */
final class RepositoryRoot {
    private static final String MARKER = "scripts/build-test-guest";

    private RepositoryRoot() {
    }

    static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve(MARKER))) {
                return p;
            }
        }
        throw new IllegalStateException(MARKER + " not found in " + start + " or any directory above it");
    }
}
