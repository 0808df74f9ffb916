package io.jqemu.libvirt;

import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.libvirt.ImportReport.Reason;
import io.jqemu.testsupport.SharedTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libvirt's own test cases and seed 003's domain (read from the shared test data, never copied here)
 * import, validate and render; seed 003 leaves out only what is libvirt's or has no effect.
 */
class CorpusImportTest {

    static List<Path> cases() {
        List<Path> cases = SharedTestData.libvirtCases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        return cases;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyCaseImportsValidatesAndRenders(Path domainXml) {
        DomainImport imported = LibvirtDomainImporter.read(domainXml);

        assertThat(imported.machine().violations()).isEmpty();
        assertThat(MachineRenderer.render(imported.machine(), RenderContext.builder().ovmfVars("/run/jqemu/t/vars.fd").build()).argv())
                .contains("-name");
        assertThat(imported.reports()).allSatisfy(r -> assertThat(r.xpath()).startsWith("/domain"));
    }

    /** The seed's author replaced the MAC with xx:xx:...; a real dumpxml has one. */
    private static String seed003WithAMac() {
        return SharedTestData.seedDomain("003").replace("xx:xx:xx:xx:xx:xx", "52:54:00:d5:3a:01");
    }

    @Test
    void seed003ImportsWithOnlyLibvirtOnlyAndNoEffectReports() {
        DomainImport imported = LibvirtDomainImporter.readString(seed003WithAMac(), "003.xml");

        assertThat(imported.reports(Reason.NOT_SUPPORTED)).isEmpty();
        assertThat(imported.complete()).isTrue();
        assertThat(imported.reports()).extracting(ImportReport::xpath).contains("/domain/seclabel",
                "/domain/devices/disk[1]/alias", "/domain/devices/controller[3]/address");
    }

    @Test
    void seed003IsTheMachineOfTheSeedsCommandLine() {
        var m = LibvirtDomainImporter.readString(seed003WithAMac(), "003.xml").machine();

        assertThat(m.name()).isEqualTo("DSM");
        assertThat(m.machineType()).isEqualTo("pc-q35-4.2");
        assertThat(m.cpu()).isEqualTo(new io.jqemu.core.model.Cpu("host", 2, 1, 1));
        assertThat(m.memoryMib()).isEqualTo(4096);
        assertThat(m.boot().menu()).isTrue();
        assertThat(m.disks()).hasSize(3);
        assertThat(m.disks().get(2).bootIndex()).contains(1);
        assertThat(m.nics().getFirst().mac()).contains("52:54:00:d5:3a:01");
        assertThat(m.usb().orElseThrow().hubs()).hasSize(1);
        assertThat(m.scsiControllers()).hasSize(1);
        assertThat(m.display().vga().orElseThrow().vgaMemoryMib()).contains(16);
    }

    @Test
    void theSeedsRedactedMacIsTheOneDifference() {
        DomainImport imported = LibvirtDomainImporter.readString(SharedTestData.seedDomain("003"), "003.xml");

        assertThat(imported.reports(Reason.NOT_SUPPORTED)).extracting(ImportReport::xpath)
                .containsExactly("/domain/devices/interface[1]/mac");
    }
}
