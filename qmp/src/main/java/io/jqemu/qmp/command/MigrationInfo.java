package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The reply of {@code query-migrate}.
 *
 * @param status      QEMU's migration status ({@code none}, {@code setup}, {@code active},
 *                    {@code completed}, {@code failed}, {@code cancelled} ...), {@code none} when
 *                    no migration ran
 * @param error       QEMU's reason when it failed
 * @param transferred the RAM bytes transferred so far, when reported
 */
public record MigrationInfo(String status, Optional<String> error, Optional<Long> transferred) {
    static MigrationInfo from(JsonNode n) {
        JsonNode ram = n.get("ram");
        Optional<Long> transferred = ram == null || !ram.has("transferred") ? Optional.empty()
                : Optional.of(ram.get("transferred").asLong());
        return new MigrationInfo(CommandJson.optionalText(n, "status").orElse("none"),
                CommandJson.optionalText(n, "error-desc"), transferred);
    }

    /** Whether the migration has ended, successfully or not. */
    public boolean finished() {
        return switch (status) {
            case "completed", "failed", "cancelled" -> true;
            default -> false;
        };
    }
}
