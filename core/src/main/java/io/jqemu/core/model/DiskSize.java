package io.jqemu.core.model;

import java.util.Locale;

/**
 * Disk sizes as users write them: bytes ({@code 1073741824}) or a number with a binary suffix
 * {@code K}, {@code M}, {@code G}, {@code T} (optionally followed by {@code iB} or {@code B}:
 * {@code 32G}, {@code 512MiB}). A size is a positive multiple of 512 bytes (a sector) and at most
 * {@link #MAX} bytes.
 */
public final class DiskSize {
    /** One sector: every disk size is a multiple of it. */
    public static final long SECTOR = 512;
    /** The largest size jqemu creates or grows a disk to: 1 PiB (qcow2 with 64 KiB clusters addresses 2 PiB). */
    public static final long MAX = 1L << 50;

    private DiskSize() {
    }

    /**
     * The number of bytes {@code text} stands for.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, quoting it
     */
    public static long parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 32G, 512M, 1073741824)");
        }
        char unit = t.charAt(t.length() - 1);
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a size (a number of bytes, or with K, M, G or T: "
                    + "32G, 512M)");
        }
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is larger than " + describe(MAX));
        }
        if (number > (MAX >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is larger than " + describe(MAX));
        }
        long bytes = number << shift;
        String problem = problem(bytes);
        if (problem != null) {
            throw new IllegalArgumentException("'" + text + "' " + problem);
        }
        return bytes;
    }

    /** What is wrong with a size of {@code bytes} (for messages: "is ..."), or null when it is a valid size. */
    public static String problem(long bytes) {
        if (bytes <= 0) {
            return "is not a positive size";
        }
        if (bytes > MAX) {
            return "is larger than " + describe(MAX);
        }
        if (bytes % SECTOR != 0) {
            return "is not a multiple of 512 bytes (one sector)";
        }
        return null;
    }

    /** {@code bytes} in the largest binary unit that divides it exactly, e.g. {@code 32G}, {@code 1536M}, {@code 512}. */
    public static String describe(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
