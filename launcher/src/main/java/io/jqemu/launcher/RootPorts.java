package io.jqemu.launcher;

import io.jqemu.qmp.command.PciBus;
import io.jqemu.qmp.command.PciDevice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which spare PCIe root ports of a running QEMU are free, from what QEMU itself reports ({@code query-pci}). */
final class RootPorts {
    private RootPorts() {
    }

    /**
     * The ports of {@code spare} (root port ids, in order) with no device behind them in {@code buses}.
     * After a re-attach this is the truth: devices hot-plugged by an earlier controller sit on some.
     */
    static List<String> free(List<String> spare, List<PciBus> buses) {
        Set<String> occupied = new HashSet<>();
        buses.forEach(bus -> collectOccupied(bus, occupied));
        return spare.stream().filter(port -> !occupied.contains(port)).toList();
    }

    private static void collectOccupied(PciBus bus, Set<String> occupied) {
        for (PciDevice device : bus.devices()) {
            device.secondaryBus().ifPresent(behind -> {
                if (!behind.devices().isEmpty()) {
                    device.qdevId().ifPresent(occupied::add);
                }
                collectOccupied(behind, occupied);
            });
        }
    }
}
