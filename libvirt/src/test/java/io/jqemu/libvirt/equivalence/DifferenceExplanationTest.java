package io.jqemu.libvirt.equivalence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.libvirt.ImportReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which importer reports explain a difference between the two QEMUs. */
class DifferenceExplanationTest {

    /** A difference is explained only by a report that changes the VM, at or under the difference's origin. */
    @Test
    void onlyAReportAtTheOriginExplainsADifference() {
        Difference disk = new Difference("scsi-hd [disk /a.img] cache", "libvirt x, jqemu y",
                List.of("/domain/devices/disk[2]"));
        ImportReport there = new ImportReport("/domain/devices/disk[2]/driver[1]/@cache", "none",
                ImportReport.Reason.NOT_SUPPORTED, "test");
        ImportReport elsewhere = new ImportReport("/domain/devices/disk[1]/driver[1]/@cache", "none",
                ImportReport.Reason.NOT_SUPPORTED, "test");
        ImportReport noEffect = new ImportReport("/domain/devices/disk[2]/driver[1]/@cache", "none",
                ImportReport.Reason.NO_EFFECT, "test");

        assertThat(EquivalenceCase.explained(disk, List.of(there))).isTrue();
        assertThat(EquivalenceCase.explained(disk, List.of(elsewhere, noEffect))).isFalse();
        assertThat(XmlOrigins.under("/domain/devices/controller[3]/@model", "/domain/devices/controller[*]")).isTrue();
        assertThat(XmlOrigins.under("/domain[1]/devices[1]/disk[1]", "/domain/devices/disk")).isTrue();
        assertThat(XmlOrigins.under("/domain/devices/disk[12]", "/domain/devices/disk[1]")).isFalse();
    }
}
