package io.jqemu.cli.command;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.config.VmToml;
import io.jqemu.cli.config.Variables;
import io.jqemu.core.model.Machine;
import io.jqemu.libvirt.LibvirtDomainImporter;
import io.jqemu.testsupport.SharedTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jqemu import libvirt}: vm.toml out, reports on stderr and in the header, files never clobbered. */
class ImportLibvirtCommandTest {

    @TempDir
    Path dir;

    private Path seed003() throws IOException {
        return Files.writeString(dir.resolve("dsm.xml"),
                SharedTestData.seedDomain("003").replace("xx:xx:xx:xx:xx:xx", "52:54:00:d5:3a:01"));
    }

    private Path domain(String devices) throws IOException {
        return Files.writeString(dir.resolve("small.xml"), "<domain type='kvm'><name>small</name>"
                + "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid><devices>" + devices + "</devices></domain>");
    }

    @Test
    void printsVmTomlThatReadsBackIntoTheImportedMachine() throws IOException {
        Path xml = seed003();

        CliRun run = CliRun.of("import", "libvirt", xml.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Machine imported = LibvirtDomainImporter.read(xml).machine();
        assertThat(VmToml.parse("dsm.toml", run.out(), Variables.of(Map.of()))).isEqualTo(imported);
        assertThat(run.out()).startsWith("# Imported by jqemu import libvirt from dsm.xml.\n")
                .contains("#   libvirt-only  /domain/devices/disk[1]/alias = <alias name='scsi0-0-0-0'/>\n")
                .contains("#       libvirt's name for the device; jqemu names devices itself\n");
        assertThat(run.err()).startsWith("jqemu: dsm.xml: 38 parts not translated (26 libvirt-only, 12 no-effect):\n")
                .contains("  libvirt-only  /domain/seclabel = ");
    }

    @Test
    void writesAPrivateFileAndNeverReplacesOneWithoutForce() throws IOException {
        Path xml = domain("<memballoon model='virtio'/>");
        Path out = dir.resolve("vm.toml");

        CliRun first = CliRun.of("import", "libvirt", xml.toString(), "-o", out.toString());
        String written = Files.readString(out);
        Files.writeString(out, "# mine\n");
        CliRun second = CliRun.of("import", "libvirt", xml.toString(), "-o", out.toString());
        String kept = Files.readString(out);
        CliRun forced = CliRun.of("import", "libvirt", "--force", xml.toString(), "-o", out.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(written).contains("name = \"small\"").contains("[balloon]").contains("Every part of the domain was translated.");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains(out + " exists; nothing was written (--force replaces it)");
        assertThat(kept).isEqualTo("# mine\n");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo(written);
    }

    @Test
    void strictFailsOnWhatTheImportedVmWouldLackAndWritesNothing() throws IOException {
        Path xml = domain("<sound model='ich9'/>");
        Path out = dir.resolve("vm.toml");

        CliRun strict = CliRun.of("import", "libvirt", "--strict", xml.toString(), "-o", out.toString());
        CliRun lenient = CliRun.of("import", "libvirt", xml.toString());

        assertThat(strict.exitCode()).isEqualTo(3);
        assertThat(strict.err()).contains("  not-supported  /domain/devices/sound[1] = <sound model='ich9'/>\n")
                .contains("jqemu: --strict: 1 part of small.xml not supported (listed above); nothing was written");
        assertThat(out).doesNotExist();
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.out()).contains("#   not-supported  /domain/devices/sound[1] = <sound model='ich9'/>");
    }

    @Test
    void strictAcceptsLibvirtOnlyParts() throws IOException {
        CliRun strict = CliRun.of("import", "libvirt", "--strict", seed003().toString());

        assertThat(strict.exitCode()).as(strict.err()).isZero();
    }

    @Test
    void badInputIsAConfigErrorWithoutAStackTrace() throws IOException {
        Path malformed = Files.writeString(dir.resolve("bad.xml"), "<domain type='kvm'><name>x</domain>");
        Path xen = Files.writeString(dir.resolve("xen.xml"), "<domain type='xen'><name>x</name></domain>");

        CliRun bad = CliRun.of("import", "libvirt", malformed.toString());
        CliRun other = CliRun.of("import", "libvirt", xen.toString());
        CliRun missing = CliRun.of("import", "libvirt", dir.resolve("none.xml").toString());

        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err()).startsWith("jqemu: bad.xml:1:").contains("not a well-formed XML document")
                .doesNotContain("\tat ");
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.err()).isEqualTo("jqemu: xen.xml: /domain/@type='xen' is a domain for another hypervisor; "
                + "jqemu imports kvm and qemu domains; nothing was written\n");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("none.xml: cannot read");
        assertThat(bad.out() + other.out() + missing.out()).isEmpty();
    }

    @Test
    void importAndImportLibvirtHaveHelp() {
        CliRun importHelp = CliRun.of("import", "--help");
        CliRun libvirtHelp = CliRun.of("import", "libvirt", "--help");

        assertThat(importHelp.exitCode()).isZero();
        assertThat(importHelp.out()).contains("Usage: jqemu import").contains("libvirt");
        assertThat(libvirtHelp.exitCode()).isZero();
        assertThat(libvirtHelp.out()).contains("Usage: jqemu import libvirt").contains("--strict").contains("-o, --output");
    }
}
