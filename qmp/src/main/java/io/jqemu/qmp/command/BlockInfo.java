package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A block backend as reported by {@code query-block}.
 *
 * @param device the backend name (empty for anonymous backends of {@code -blockdev} devices)
 * @param qdev the QOM path or id of the device using it, when any
 * @param removable whether the medium is removable
 * @param inserted the medium's top node, when a medium is inserted
 * @param locked whether the guest has locked the medium (only removable media can be)
 * @param trayOpen whether the tray is open, for drives that have one
 */
public record BlockInfo(String device, Optional<String> qdev, boolean removable, Optional<BlockNode> inserted,
                        boolean locked, Optional<Boolean> trayOpen) {
    static BlockInfo from(JsonNode n) {
        JsonNode ins = n.get("inserted");
        return new BlockInfo(CommandJson.optionalText(n, "device").orElse(""), CommandJson.optionalText(n, "qdev"),
                CommandJson.bool(n, "removable"),
                ins == null ? Optional.empty() : Optional.of(BlockNode.from(ins)),
                n.path("locked").asBoolean(false),
                n.has("tray_open") ? Optional.of(n.get("tray_open").asBoolean()) : Optional.empty());
    }
}
