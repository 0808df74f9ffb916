package io.jqemu.launcher.host.pci;

import io.jqemu.launcher.host.HostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host PCI address, {@code dddd:bb:ss.f}.
 *
 * @param domain   the PCI domain (segment)
 * @param bus      the bus number
 * @param slot     the device (slot) number
 * @param function the function number
 */
public record PciAddress(int domain, int bus, int slot, int function) implements Comparable<PciAddress> {
    private static final Pattern FORM =
            Pattern.compile("(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\\.([0-7])");

    /** Checks the ranges. */
    public PciAddress {
        if (domain < 0 || domain > 0xffff || bus < 0 || bus > 0xff || slot < 0 || slot > 0x1f
                || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: " + domain + ":" + bus + ":" + slot
                    + "." + function);
        }
    }

    /**
     * Parses {@code 0000:01:00.0} or {@code 01:00.0} (domain 0).
     *
     * @param fieldPath the configuration field, named in the error
     * @param text      the address
     */
    public static PciAddress parse(String fieldPath, String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new HostException(fieldPath + ": '" + text + "' is not a PCI address (dddd:bb:ss.f)");
        }
        int domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        int slot = Integer.parseInt(m.group(3), 16);
        if (slot > 0x1f) {
            throw new HostException(fieldPath + ": '" + text + "' has a slot above 1f");
        }
        return new PciAddress(domain, Integer.parseInt(m.group(2), 16), slot, Integer.parseInt(m.group(4)));
    }

    /** Parses a sysfs device directory name, which is always in full form. */
    static PciAddress ofSysfsName(String name) {
        return parse("sysfs", name);
    }

    @Override
    public int compareTo(PciAddress o) {
        return toString().compareTo(o.toString());
    }

    /** The sysfs form, {@code 0000:01:00.0}. */
    @Override
    public String toString() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
    }
}
