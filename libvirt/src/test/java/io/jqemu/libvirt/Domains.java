package io.jqemu.libvirt;

import io.jqemu.core.model.Machine;

/** Small domain XMLs for tests: a KVM domain around the given parts. */
final class Domains {
    static final String UUID = "c7a5fdbd-edaf-9455-926a-d65c16db1809";

    private Domains() {
    }

    /** A q35 KVM domain with {@code devices} inside {@code <devices>}. */
    static String withDevices(String devices) {
        return with("", devices);
    }

    /** A q35 KVM domain with {@code top} after {@code <os>} and {@code devices} inside {@code <devices>}. */
    static String with(String top, String devices) {
        return "<domain type='kvm'><name>t</name><uuid>" + UUID + "</uuid>"
                + "<memory unit='MiB'>512</memory>"
                + "<os><type arch='x86_64' machine='q35'>hvm</type></os>" + top
                + "<devices>" + devices + "</devices></domain>";
    }

    static DomainImport read(String xml) {
        return LibvirtDomainImporter.readString(xml, "test.xml");
    }

    static Machine machine(String xml) {
        return read(xml).machine();
    }
}
