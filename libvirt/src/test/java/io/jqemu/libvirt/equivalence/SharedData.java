package io.jqemu.libvirt.equivalence;

import io.jqemu.testsupport.SharedTestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the equivalence tests find libvirt's corpus and the seeds: the shared test data located by
 * {@link SharedTestData} ({@code $JQEMU_SHARED_DIR}, else {@code <repository root>/../shared}), read at
 * test time and never copied.
 */
final class SharedData {
    private SharedData() {
    }

    /** The corpus case names, sorted: every {@code NAME.xml} in {@code libvirt-corpus/cases}. */
    static List<String> corpusCases() {
        return SharedTestData.libvirtCases().stream().map(p -> p.getFileName().toString())
                .map(n -> n.substring(0, n.length() - 4)).toList();
    }

    static Path casesDir() {
        return SharedTestData.dir().resolve("libvirt-corpus").resolve("cases");
    }

    /** A case's command line: {@code NAME.x86_64-latest.args}, else the old-format {@code NAME.args}. */
    static Path argsOf(String name) {
        Path latest = casesDir().resolve(name + ".x86_64-latest.args");
        return Files.exists(latest) ? latest : casesDir().resolve(name + ".args");
    }

    /** The seed file whose name starts with {@code prefix} (e.g. {@code 003_}). */
    static Path seed(String prefix) {
        Path seeds = SharedTestData.dir().resolve("seeds");
        try (Stream<Path> files = Files.list(seeds)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no seed " + prefix + "* in " + seeds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
