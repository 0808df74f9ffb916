package io.jqemu.launcher;

import java.time.Duration;

/** Durations as people read them in messages: {@code 30 s}, {@code 1.5 s}, {@code 200 ms}, {@code 2 min}. */
public final class HumanDuration {

    private HumanDuration() {
    }

    /** {@code duration} in the largest unit that keeps it short, e.g. {@code 30 s} rather than {@code PT30S}. */
    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
