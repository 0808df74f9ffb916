package io.jqemu.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden command lines, one option per line: {@code <scenario>.args} in this module's resources
 * ({@code io/jqemu/testsupport/golden/}), read from the class path by core's and cli's tests.
 * {@link #write(String, String)} rewrites the source file in the checkout, for the golden test's
 * update mode.
 */
public final class Goldens {
    /** The class-path directory of the golden files. */
    public static final String RESOURCE_DIR = "io/jqemu/testsupport/golden/";
    private static final String SOURCE_DIR = "test-support/src/main/resources/" + RESOURCE_DIR;

    private Goldens() {
    }

    /** Whether the golden file of {@code scenario} exists. */
    public static boolean exists(String scenario) {
        return Goldens.class.getClassLoader().getResource(resource(scenario)) != null;
    }

    /** The golden command line of {@code scenario}; fails when there is none. */
    public static String read(String scenario) {
        String name = resource(scenario);
        try (InputStream in = Goldens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name + " on the class path (scenario " + scenario + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * Writes {@code content} as the golden file of {@code scenario} in the checkout's source tree and
     * returns the file; the class path sees it from the next build on.
     */
    public static Path write(String scenario, String content) {
        Path file = sourceFile(scenario);
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The source file of the golden of {@code scenario} in the checkout. */
    public static Path sourceFile(String scenario) {
        return RepositoryRoot.find().resolve(SOURCE_DIR).resolve(scenario + ".args");
    }

    private static String resource(String scenario) {
        return RESOURCE_DIR + scenario + ".args";
    }
}
