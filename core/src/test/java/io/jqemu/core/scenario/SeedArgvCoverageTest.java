package io.jqemu.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.core.render.MachineRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * S1 renders every device of seed 003's libvirt argv (src/test/resources/seed-003-libvirt-argv.txt, one
 * option per line): the same -device drivers, -blockdev drivers, -netdev and -chardev kinds and the
 * same machine-wide options, minus libvirt-only parts (master-key secret, -overcommit, fd passing).
 */
class SeedArgvCoverageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LIBVIRT_ONLY = Set.of("-object", "-overcommit");

    @Test
    void s1HasEverySeedDevice() throws IOException {
        List<String> seed = Files.readAllLines(Path.of("src/test/resources/seed-003-libvirt-argv.txt"), StandardCharsets.UTF_8);
        List<String> ours = List.of(GoldenFormat.oneOptionPerLine(MachineRenderer.render(ScenarioMachines.s1Dsm(),
                GoldenCommandLineTest.goldenContext("s1-dsm")).argv()).split("\n"));

        assertThat(kinds(ours, "-device")).as("-device drivers (plus our root ports)")
                .containsAllEntriesOf(kinds(seed, "-device"));
        assertThat(kinds(ours, "-blockdev")).as("-blockdev drivers").isEqualTo(kinds(seed, "-blockdev"));
        assertThat(kinds(ours, "-netdev")).as("-netdev types").isEqualTo(kinds(seed, "-netdev"));
        assertThat(kinds(ours, "-chardev")).as("-chardev backends (seed: monitor + serial)").isEqualTo(kinds(seed, "-chardev"));
        Set<String> seedOptions = seed.stream().skip(1).map(l -> l.split(" ", 2)[0]).collect(Collectors.toSet());
        seedOptions.removeAll(LIBVIRT_ONLY);
        Set<String> ourOptions = ours.stream().skip(1).map(l -> l.split(" ", 2)[0]).collect(Collectors.toSet());
        assertThat(ourOptions).containsAll(seedOptions);
        for (String same : List.of("-rtc", "-boot", "-sandbox", "-msg", "-cpu", "-uuid")) {
            assertThat(line(ours, same)).as(same).isEqualTo(line(seed, same));
        }
        assertThat(line(ours, "-smp")).endsWith(line(seed, "-smp").replaceFirst("^-smp 2", ""));
    }

    /** How many times each driver/type/backend appears for {@code option}. */
    private static Map<String, Long> kinds(List<String> lines, String option) throws IOException {
        List<String> found = new ArrayList<>();
        for (String l : lines) {
            if (!l.startsWith(option + " ")) {
                continue;
            }
            String value = l.substring(option.length() + 1);
            if (value.startsWith("{")) {
                var node = JSON.readTree(value);
                found.add(node.has("driver") ? node.get("driver").asText() : node.get("type").asText());
            } else {
                found.add(value.split(",", 2)[0]);
            }
        }
        return found.stream().filter(k -> !k.equals("pcie-root-port"))
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
    }

    private static String line(List<String> lines, String option) {
        return lines.stream().filter(l -> l.startsWith(option + " ")).findFirst().orElse("(missing " + option + ")");
    }
}
