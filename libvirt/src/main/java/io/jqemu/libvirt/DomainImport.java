package io.jqemu.libvirt;

import io.jqemu.core.model.Machine;
import java.util.List;
import java.util.Objects;

/**
 * The result of importing one domain XML.
 *
 * @param sourceName the name of what was read (a file name), for messages and the vm.toml header
 * @param machine    the validated machine
 * @param reports    every element and attribute left out, in document order
 */
public record DomainImport(String sourceName, Machine machine, List<ImportReport> reports) {

    /** Requires every part and copies the list. */
    public DomainImport {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(machine, "machine");
        reports = List.copyOf(reports);
    }

    /** The reports of one reason, in document order. */
    public List<ImportReport> reports(ImportReport.Reason reason) {
        return reports.stream().filter(r -> r.reason() == reason).toList();
    }

    /** Whether every part of the XML that reaches QEMU was translated (no {@code NOT_SUPPORTED} report). */
    public boolean complete() {
        return reports.stream().noneMatch(ImportReport::changesTheVm);
    }
}
