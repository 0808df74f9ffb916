package io.jqemu.libvirt.equivalence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The QEMU-level equivalence proof for libvirt's own test corpus: each case's domain XML is imported
 * and rendered by jqemu, libvirt's command line for it is made runnable by the same rules, both start
 * paused, and what QEMU built is compared ({@link EquivalenceCase}). It prints a table (case, imported
 * fully or with reports, devices equal or the differences) and fails when a case falls below the
 * outcome checked in for it ({@link ExpectedOutcomes}) or has a difference no importer report
 * explains. Reads {@code ../shared} at test time ({@link SharedData}).
 */
@RequiresQemu
@Timeout(900)
class LibvirtEquivalenceTest {
    private static BinaryFacts binary;

    @BeforeAll
    static void startHelper() {
        binary = BinaryFacts.start();
    }

    @AfterAll
    static void stopHelper() throws IOException {
        binary.close();
    }

    @Test
    void everyCorpusCaseReachesAtLeastItsCheckedInOutcome() throws IOException {
        Map<String, Outcome> expected = ExpectedOutcomes.load();
        List<String> cases = SharedData.corpusCases();
        assertThat(cases).as("the corpus cases and the checked-in expectations name the same cases")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<EquivalenceCase.Result> results = new ArrayList<>();
        for (String name : cases) {
            String xml = Files.readString(SharedData.casesDir().resolve(name + ".xml"), StandardCharsets.UTF_8);
            results.add(EquivalenceCase.run(name, xml, CommandLine.readArgsFile(SharedData.argsOf(name)), binary));
        }
        System.out.println(ResultTable.render(results, expected));
        List<String> regressions = new ArrayList<>();
        for (EquivalenceCase.Result r : results) {
            Outcome want = expected.get(r.name());
            if (!r.outcome().atLeast(want) || r.outcome().ordinal() > Outcome.EXPLAINED.ordinal()) {
                regressions.add(r.name() + ": " + r.outcome().word() + " (checked in: " + want.word() + ")"
                        + (r.error().isEmpty() ? "" : " " + r.error().lines().findFirst().orElse(""))
                        + unexplained(r));
            }
        }
        assertThat(regressions).as("cases below their checked-in outcome").isEmpty();
    }

    /**
     * The comparison catches what the importer does not say: the XML of {@code video-virtio-vga} with its
     * disk's cache changed (libvirt's command line unchanged) imports without a report about it, and
     * the disk's cache mode is an unexplained difference.
     */
    @Test
    void aChangeNoReportMentionsIsCaught() throws IOException {
        String name = "video-virtio-vga";
        String xml = Files.readString(SharedData.casesDir().resolve(name + ".xml"), StandardCharsets.UTF_8);
        String changed = xml.replace("cache='none'", "cache='writeback'");
        assertThat(changed).isNotEqualTo(xml);

        EquivalenceCase.Result r = EquivalenceCase.run(name, changed, CommandLine.readArgsFile(SharedData.argsOf(name)),
                binary);

        assertThat(r.outcome()).isEqualTo(Outcome.UNEXPLAINED);
        assertThat(r.unexplained()).extracting(Difference::subject)
                .containsExactly("ide-hd [disk /var/lib/libvirt/images/QEMUGuest1] cache");
    }

    private static String unexplained(EquivalenceCase.Result r) {
        StringBuilder b = new StringBuilder();
        for (Difference d : r.unexplained()) {
            b.append("\n    no report at ").append(String.join(" or ", d.origins())).append(" explains ").append(d);
        }
        return b.toString();
    }
}
