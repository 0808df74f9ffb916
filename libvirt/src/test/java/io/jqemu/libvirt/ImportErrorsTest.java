package io.jqemu.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jqemu.libvirt.Domains.read;
import static io.jqemu.libvirt.Domains.withDevices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the importer refuses, each with a clear message and never an unexpected exception. */
class ImportErrorsTest {

    @TempDir
    Path dir;

    @Test
    void malformedXmlNamesLineAndColumn() {
        assertThatThrownBy(() -> read("<domain type='kvm'>\n<name>x</nam>\n</domain>"))
                .isInstanceOf(LibvirtImportException.class)
                .hasMessageStartingWith("test.xml:2:")
                .hasMessageContaining("not a well-formed XML document");
    }

    @Test
    void externalEntitiesAndDoctypesAreRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version='1.0'?><!DOCTYPE domain [<!ENTITY x SYSTEM 'file://" + secret + "'>]>"
                + "<domain type='kvm'><name>&x;</name><devices/></domain>";

        assertThatThrownBy(() -> read(xxe)).isInstanceOf(LibvirtImportException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void anotherHypervisorIsRefused() {
        assertThatThrownBy(() -> read("<domain type='xen'><name>x</name><devices/></domain>"))
                .isInstanceOf(LibvirtImportException.class)
                .hasMessage("test.xml: /domain/@type='xen' is a domain for another hypervisor; jqemu imports kvm "
                        + "and qemu domains");
    }

    @Test
    void aDocumentThatIsNoDomainIsRefused() {
        assertThatThrownBy(() -> read("<network><name>default</name></network>"))
                .isInstanceOf(LibvirtImportException.class)
                .hasMessage("test.xml: not a libvirt domain: the root element is <network>, expected <domain>");
    }

    @Test
    void aDomainWithoutDevicesIsAnEmptyValidMachine() {
        DomainImport imported = read("<domain type='qemu'><name>bare</name></domain>");

        assertThat(imported.machine().devices()).isEmpty();
        assertThat(imported.machine().name()).isEqualTo("bare");
        assertThat(imported.reports()).isEmpty();
    }

    @Test
    void badValuesNameTheirXpath() {
        assertThatThrownBy(() -> read(withDevices("").replace("<memory unit='MiB'>512</memory>",
                "<memory unit='MiB'>lots</memory>")))
                .isInstanceOf(LibvirtImportException.class).hasMessage("test.xml: /domain/memory='lots' is not a whole number");
        assertThatThrownBy(() -> read(withDevices("<disk type='file'><driver name='qemu' cache='sometimes'/>"
                + "<source file='/a'/><target dev='vda'/></disk>")))
                .isInstanceOf(LibvirtImportException.class)
                .hasMessage("test.xml: /domain/devices/disk[1]/driver/@cache='sometimes' is not a libvirt cache mode");
        assertThatThrownBy(() -> read(withDevices("<disk type='file'><target dev='vda'/></disk>")))
                .isInstanceOf(LibvirtImportException.class).hasMessageContaining("/domain/devices/disk[1]");
    }

    @Test
    void aValueTheModelRejectsIsAnImportErrorWithTheModelsPath() {
        assertThatThrownBy(() -> read(withDevices("<disk type='file'><source file='relative.img'/>"
                + "<target dev='vda'/></disk>")))
                .isInstanceOf(LibvirtImportException.class)
                .hasMessageContaining("the imported machine is not valid").hasMessageContaining("disks[0].path");
    }

    @Test
    void aMissingFileIsAnImportError() {
        assertThatThrownBy(() -> LibvirtDomainImporter.read(dir.resolve("none.xml")))
                .isInstanceOf(LibvirtImportException.class).hasMessageContaining("none.xml: cannot read");
    }
}
