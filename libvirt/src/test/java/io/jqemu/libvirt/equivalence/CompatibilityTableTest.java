package io.jqemu.libvirt.equivalence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/from-libvirt.md's compatibility table shows exactly the checked-in outcomes ({@link ExpectedOutcomes}). */
class CompatibilityTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([a-z-]+) \\|");

    @Test
    void docsTableIsTheCheckedInExpectations() throws IOException {
        Map<String, Outcome> documented = new LinkedHashMap<>();
        String doc = Files.readString(Path.of("../docs/from-libvirt.md"), StandardCharsets.UTF_8);
        String table = doc.substring(doc.indexOf("## Compatibility table"));
        for (String line : table.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.put(m.group(1), Outcome.of(m.group(2)));
            }
        }
        assertThat(documented).isEqualTo(ExpectedOutcomes.load());
    }
}
