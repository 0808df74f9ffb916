package io.jqemu.libvirt.internal;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.libvirt.DomainImport;
import io.jqemu.libvirt.ImportReport;
import io.jqemu.libvirt.LibvirtImportException;
import java.util.List;
import java.util.Locale;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Turns a parsed domain document into a {@link DomainImport}: checks that it is a KVM or QEMU domain,
 * lets each mapper read its part, builds and validates the machine, then reports every node no mapper
 * translated.
 */
public final class DomainReader {
    private DomainReader() {
    }

    /** Reads a parsed document. */
    public static DomainImport read(Document document, String sourceName) {
        Element root = document.getDocumentElement();
        if (root == null || !root.getTagName().equals("domain")) {
            throw new LibvirtImportException(sourceName + ": not a libvirt domain: the root element is <"
                    + (root == null ? "" : root.getTagName()) + ">, expected <domain>");
        }
        Consumption consumption = new Consumption();
        TrackedElement domain = new TrackedElement(root, consumption, sourceName).translated();
        String type = domain.requiredAttr("type");
        if (!List.of("kvm", "qemu").contains(type.toLowerCase(Locale.ROOT))) {
            throw domain.failAt("type", type, "is a domain for another hypervisor; jqemu imports kvm and qemu domains");
        }
        MachineBuilder builder = Machine.builder();
        new MachineMapper(domain, builder, type).map();
        Machine machine;
        try {
            machine = builder.build();
        } catch (InvalidMachineException e) {
            throw new LibvirtImportException(sourceName + ": the imported machine is not valid: " + e.getMessage(), e);
        }
        List<ImportReport> reports = OmissionWalk.of(root, consumption);
        return new DomainImport(sourceName, machine, reports);
    }
}
