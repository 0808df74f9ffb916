package io.jqemu.libvirt.internal;

import java.util.Locale;

/** libvirt's memory units ({@code unit='KiB'} and friends) turned into MiB. */
final class Units {
    private Units() {
    }

    /** The element's number in its {@code unit} (KiB when absent), in MiB rounded up. */
    static long mib(TrackedElement element) {
        String unit = element.attr("unit").orElse("KiB");
        long value = element.requiredNumber();
        long bytesPerUnit = switch (unit.toLowerCase(Locale.ROOT)) {
            case "b", "bytes" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "kb" -> 1000L;
            case "m", "mib" -> 1L << 20;
            case "mb" -> 1000_000L;
            case "g", "gib" -> 1L << 30;
            case "gb" -> 1000_000_000L;
            case "t", "tib" -> 1L << 40;
            case "tb" -> 1000_000_000_000L;
            default -> throw element.failAt("unit", unit, "is not a libvirt memory unit");
        };
        long mib = 1L << 20;
        return Math.ceilDiv(Math.multiplyExact(value, bytesPerUnit), mib);
    }
}
