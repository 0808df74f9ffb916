package io.jqemu.libvirt.equivalence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.libvirt.ImportReport;
import io.jqemu.testsupport.RequiresQemu;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 003 (a Synology DSM domain and the command line libvirt ran for it): the imported machine
 * matches libvirt's command line device by device on a real QEMU, its host disks and its bridge
 * replaced by stand-ins by the same rules on both sides ({@link RunnableArgv}), and the importer
 * reports nothing that changes the VM.
 */
@RequiresQemu
@Timeout(300)
class SeedEquivalenceTest {

    @Test
    void seed003MatchesLibvirtsCommandLineDeviceByDevice() throws IOException {
        SeedDomain seed = SeedDomain.read(SharedData.seed("003_"));
        EquivalenceCase.Result result;
        try (BinaryFacts binary = BinaryFacts.start()) {
            result = EquivalenceCase.run("seed-003", seed.xml(), seed.libvirtLine(), binary);
        }
        System.out.println(ResultTable.render(List.of(result), java.util.Map.of()));
        List<ImportReport> changing = result.reports().stream().filter(ImportReport::changesTheVm).toList();

        assertThat(result.error()).isEmpty();
        assertThat(changing).as("reports other than libvirt-only or no-effect ones").isEmpty();
        assertThat(result.differences()).as("differences between the two QEMUs").isEmpty();
        assertThat(result.outcome()).isEqualTo(Outcome.EQUAL);
    }
}
