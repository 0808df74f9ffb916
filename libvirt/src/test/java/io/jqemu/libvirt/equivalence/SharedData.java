package io.jqemu.libvirt.equivalence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared test data the equivalence tests read at test time and never copy: libvirt's corpus
 * ({@code libvirt-corpus/cases}) and the seeds. Found in {@code $JQEMU_SHARED_DIR}, else in
 * {@code <repository root>/../shared}; absent, the tests fail naming both.
 */
final class SharedData {
    static final String ENVIRONMENT = "JQEMU_SHARED_DIR";
    private static final String MARKER = "scripts/build-test-guest";

    private SharedData() {
    }

    /** The shared directory. */
    static Path dir() {
        String configured = System.getenv(ENVIRONMENT);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!Files.isDirectory(dir.resolve("libvirt-corpus"))) {
                throw new IllegalStateException(ENVIRONMENT + "=" + configured + " has no libvirt-corpus directory");
            }
            return dir;
        }
        Path root = repositoryRoot();
        Path dir = root.getParent() == null ? root.resolve("../shared") : root.getParent().resolve("shared");
        if (!Files.isDirectory(dir.resolve("libvirt-corpus"))) {
            throw new IllegalStateException("the shared test data is in neither $" + ENVIRONMENT + " (not set) nor "
                    + dir + " (the repository root's ../shared): set " + ENVIRONMENT
                    + " to the directory holding libvirt-corpus/ and seeds/");
        }
        return dir;
    }

    /** The corpus case names, sorted: every {@code NAME.xml} in {@code libvirt-corpus/cases}. */
    static List<String> corpusCases() {
        try (Stream<Path> files = Files.list(casesDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path casesDir() {
        return dir().resolve("libvirt-corpus").resolve("cases");
    }

    /** A case's command line: {@code NAME.x86_64-latest.args}, else the old-format {@code NAME.args}. */
    static Path argsOf(String name) {
        Path latest = casesDir().resolve(name + ".x86_64-latest.args");
        return Files.exists(latest) ? latest : casesDir().resolve(name + ".args");
    }

    /** The seed file whose name starts with {@code prefix} (e.g. {@code 003_}). */
    static Path seed(String prefix) {
        try (Stream<Path> files = Files.list(dir().resolve("seeds"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no seed " + prefix + "* in " + dir().resolve("seeds")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve(MARKER))) {
                return p;
            }
        }
        throw new IllegalStateException("the shared test data is not in $" + ENVIRONMENT + " (not set), and no"
                + " repository root (" + MARKER + ") is above " + start + " to look for ../shared");
    }
}
