package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostException;
import java.util.Comparator;

/** Parsing and ordering of host PCI addresses (core's {@link PciAddress}) with errors naming the field. */
public final class PciAddresses {
    /** Sysfs order: domain, bus, slot, function. */
    public static final Comparator<PciAddress> ORDER = Comparator.comparingInt(PciAddress::domain)
            .thenComparingInt(PciAddress::bus).thenComparingInt(PciAddress::slot).thenComparingInt(PciAddress::function);

    private PciAddresses() {
    }

    /**
     * Parses {@code 0000:01:00.0} or {@code 01:00.0}.
     *
     * @param fieldPath the configuration field, named in the error
     */
    public static PciAddress parse(String fieldPath, String text) {
        return PciAddress.parse(text.strip()).orElseThrow(() -> new HostException(fieldPath + ": '" + text
                + "' is not a PCI address (dddd:bb:ss.f)"));
    }

    static PciAddress ofSysfsName(String name) {
        return parse("sysfs", name);
    }
}
