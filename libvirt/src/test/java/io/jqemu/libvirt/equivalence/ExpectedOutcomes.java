package io.jqemu.libvirt.equivalence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked-in outcome per corpus case ({@code expected-outcomes.txt} next to this class: a case
 * name and an {@link Outcome} word per line, {@code #} comments). The compatibility table of
 * docs/from-libvirt.md shows the same data ({@link CompatibilityTableTest}).
 */
final class ExpectedOutcomes {
    static final String RESOURCE = "expected-outcomes.txt";

    private ExpectedOutcomes() {
    }

    static Map<String, Outcome> load() throws IOException {
        Map<String, Outcome> out = new LinkedHashMap<>();
        try (InputStream in = ExpectedOutcomes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + ExpectedOutcomes.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String text = line.replaceFirst("#.*$", "").strip();
                if (!text.isEmpty()) {
                    String[] parts = text.split("\\s+");
                    if (parts.length != 2 || out.put(parts[0], Outcome.of(parts[1])) != null) {
                        throw new IllegalStateException(RESOURCE + ": bad or repeated line '" + line + "'");
                    }
                }
            }
        }
        return out;
    }
}
