package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One PCI bus as reported by {@code query-pci}.
 *
 * @param number the bus number
 * @param devices the devices on this bus
 */
public record PciBus(int number, List<PciDevice> devices) {
    /** Copies the device list. */
    public PciBus {
        devices = List.copyOf(devices);
    }

    static PciBus from(JsonNode n, String numberField) {
        return new PciBus((int) CommandJson.number(n, numberField),
                CommandJson.list(CommandJson.required(n, "devices"), PciDevice::from));
    }
}
