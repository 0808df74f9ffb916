package io.jqemu.launcher;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Memory statistics the guest's balloon driver reports ({@code guest-stats} of the balloon).
 *
 * @param stats every statistic by QEMU's name ({@code stat-free-memory}, {@code stat-total-memory},
 *     {@code stat-available-memory} ...), in bytes or counts; the guest leaves unsupported ones out
 * @param lastUpdate when the guest last reported
 */
public record GuestMemoryStats(Map<String, Long> stats, Instant lastUpdate) {
    /** Copies the map. */
    public GuestMemoryStats {
        stats = Map.copyOf(stats);
    }

    /** One statistic, when the guest reports it. */
    public Optional<Long> stat(String name) {
        return Optional.ofNullable(stats.get(name));
    }
}
