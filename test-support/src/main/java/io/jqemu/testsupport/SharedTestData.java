package io.jqemu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test data that is not ours to ship and so never enters the repository: libvirt's own test cases
 * ({@code libvirt-corpus/cases/*.xml}, LGPL-2.1-or-later) and the seeds' texts. They are read at test
 * time from {@code $JQEMU_SHARED_DIR}, else from {@code <repository root>/../shared}; a test that needs
 * them fails with a message naming both places when neither exists.
 */
public final class SharedTestData {
    /** The environment variable naming the shared directory. */
    public static final String ENV = "JQEMU_SHARED_DIR";

    private SharedTestData() {
    }

    /** The shared directory. */
    public static Path dir() {
        String env = System.getenv(ENV);
        Path fallback = RepositoryRoot.find().resolve("../shared").normalize();
        Path dir = env != null && !env.isBlank() ? Path.of(env) : fallback;
        if (!Files.isDirectory(dir.resolve("libvirt-corpus")) || !Files.isDirectory(dir.resolve("seeds"))) {
            throw new IllegalStateException("the shared test data (libvirt-corpus/, seeds/) is not in "
                    + (env != null && !env.isBlank() ? "$" + ENV + " = " + env : "$" + ENV + " (unset)")
                    + " nor in " + fallback + "; set " + ENV + " to the directory that holds them");
        }
        return dir;
    }

    /** Every domain XML of libvirt's corpus, sorted by name. */
    public static List<Path> libvirtCases() {
        try (Stream<Path> files = Files.list(dir().resolve("libvirt-corpus/cases"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code <domain>...</domain>} block of a seed's text, e.g. {@code seedDomain("003")}.
     *
     * @throws IllegalStateException when there is no such seed or it holds no domain
     */
    public static String seedDomain(String number) {
        try (Stream<Path> files = Files.list(dir().resolve("seeds"))) {
            Path seed = files.filter(p -> p.getFileName().toString().startsWith(number + "_")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no seed " + number + " in " + dir().resolve("seeds")));
            String text = Files.readString(seed, StandardCharsets.UTF_8);
            int start = text.indexOf("<domain");
            int end = text.indexOf("</domain>");
            if (start < 0 || end < start) {
                throw new IllegalStateException(seed + " holds no <domain>...</domain> block");
            }
            return text.substring(start, end + "</domain>".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
