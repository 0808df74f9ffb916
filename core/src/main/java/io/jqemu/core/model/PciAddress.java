package io.jqemu.core.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI address {@code domain:bus:slot.function}.
 *
 * @param domain   0 to 0xffff
 * @param bus      0 to 0xff
 * @param slot     0 to 0x1f
 * @param function 0 to 7
 */
public record PciAddress(int domain, int bus, int slot, int function) {
    private static final Pattern FORMAT =
            Pattern.compile("(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    /** Parses {@code 0000:01:00.0} or {@code 01:00.0}; empty when malformed or out of range. */
    public static Optional<PciAddress> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
        int slot = Integer.parseInt(m.group(3), 16);
        if (slot > 0x1f) {
            return Optional.empty();
        }
        return Optional.of(new PciAddress(domain, Integer.parseInt(m.group(2), 16), slot,
                Integer.parseInt(m.group(4))));
    }

    /** The full form, {@code 0000:01:00.0}, as sysfs names it. */
    @Override
    public String toString() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
    }

    /** The guest form QEMU's {@code addr} property takes: {@code 0x5.0x1}. */
    public String qemuAddr() {
        return String.format("0x%x.0x%x", slot, function);
    }
}
