package io.jqemu.cli;

import picocli.CommandLine.ITypeConverter;

import java.util.Locale;

/** A memory size on the command line in MiB: {@code 512}, {@code 512M}, {@code 2G}, {@code 1048576K}. */
public final class MemorySize implements ITypeConverter<Long> {

    /** Creates the converter (called by picocli). */
    public MemorySize() {
        // stateless
    }

    @Override
    public Long convert(String value) {
        return parseMib(value);
    }

    /** {@code text} in MiB; a bare number is MiB, suffixes K, M, G, T (optionally followed by iB or B). */
    public static long parseMib(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replaceFirst("I?B$", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        char unit = t.charAt(t.length() - 1);
        String digits = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 512, 512M, 2G)");
        }
        long mib = switch (unit) {
            case 'K' -> number / 1024;
            case 'G' -> Math.multiplyExact(number, 1024L);
            case 'T' -> Math.multiplyExact(number, 1024L * 1024);
            default -> {
                if (unit != 'M' && !Character.isDigit(unit)) {
                    throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "' (K, M, G, T)");
                }
                yield number;
            }
        };
        if (mib < 1) {
            throw new IllegalArgumentException("'" + text + "' is less than 1 MiB");
        }
        return mib;
    }
}
