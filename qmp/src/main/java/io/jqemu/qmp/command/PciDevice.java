package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One PCI function as reported by {@code query-pci}.
 *
 * @param bus bus number
 * @param slot slot number
 * @param function function number
 * @param classCode the PCI class code
 * @param vendorId PCI vendor id
 * @param deviceId PCI device id
 * @param qdevId the {@code id} given to the device, empty when it has none
 * @param secondaryBus for bridges and root ports: the bus behind them with its devices
 */
public record PciDevice(int bus, int slot, int function, int classCode, int vendorId, int deviceId,
                        Optional<String> qdevId, Optional<PciBus> secondaryBus) {
    static PciDevice from(JsonNode n) {
        JsonNode id = CommandJson.required(n, "id");
        JsonNode bridge = n.get("pci_bridge");
        Optional<PciBus> behind = Optional.empty();
        if (bridge != null && !bridge.isNull()) {
            JsonNode busInfo = CommandJson.required(bridge, "bus");
            JsonNode devices = bridge.path("devices");
            behind = Optional.of(new PciBus((int) CommandJson.number(busInfo, "secondary"),
                    devices.isArray() ? CommandJson.list(devices, PciDevice::from) : java.util.List.of()));
        }
        return new PciDevice((int) CommandJson.number(n, "bus"), (int) CommandJson.number(n, "slot"),
                (int) CommandJson.number(n, "function"),
                (int) CommandJson.number(CommandJson.required(n, "class_info"), "class"),
                (int) CommandJson.number(id, "vendor"), (int) CommandJson.number(id, "device"),
                CommandJson.optionalText(n, "qdev_id").filter(s -> !s.isEmpty()), behind);
    }
}
