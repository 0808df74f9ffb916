package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** What one device renders to: its block nodes (bottom up), its netdev, the device, and its host needs. */
record DevicePieces(List<ObjectNode> blockdevs, Optional<ObjectNode> netdev, ObjectNode device,
                    List<HostResource> hostResources) {
    DevicePieces {
        blockdevs = List.copyOf(blockdevs);
        hostResources = List.copyOf(hostResources);
    }

    String deviceId() {
        return device.get("id").asText();
    }
}
