package io.jqemu.core.render;

import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Device;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans adding a device to a running machine, or removing one it was launched with. {@code running}
 * is the machine as it runs now (keep it in {@link Machine#withResolvedIds()} form so ids stay stable
 * when devices are removed); the device is checked together with it (bus addresses, boot indexes,
 * ids), and a device without an explicit id gets the first free id of its kind ({@code disk<n>},
 * {@code net<n>}...). A device that takes a PCIe root port goes on a spare one from
 * {@link RenderedMachine#hotplugRootPorts()}. The plan's objects are exactly what the command line
 * renders for the same device.
 */
public final class HotplugRenderer {
    private HotplugRenderer() {
    }

    /**
     * Plans adding {@code device}.
     *
     * @param rootPort a spare root port id when the device {@linkplain Device#takesRootPort() takes one};
     *                 empty otherwise
     * @throws io.jqemu.core.InvalidMachineException when the machine with the device would be invalid
     * @throws JqemuException when the device cannot be hot-plugged, or the root port does not fit it
     */
    public static DevicePlan plan(Machine running, Device device, Optional<String> rootPort, RenderContext ctx) {
        device.notHotpluggable().ifPresent(reason -> {
            throw new JqemuException(reason);
        });
        if (device.takesRootPort() != rootPort.isPresent()) {
            throw new JqemuException(device.takesRootPort()
                    ? "this " + device.idPrefix() + " device needs a spare root port (PCIe) to be hot-plugged"
                    : "this " + device.idPrefix() + " device plugs into its controller's bus, not a root port");
        }
        Device withId = device.userIds() ? device.withId(device.id().orElseGet(() -> freeId(running, device)))
                : device;
        Machine after = running.toBuilder().device(withId).build();
        List<PlacedDevice> placed = after.placedDevices().stream()
                .filter(p -> p.device().getClass() == device.getClass()).toList();
        PlacedDevice added = placed.get(placed.size() - 1);
        DevicePlan plan = DeviceRendering.plan(after, added, rootPort, ctx);
        if (!plan.overQmp()) {
            throw new JqemuException(added.path() + " (" + added.id() + ") needs command-line options QMP cannot add");
        }
        return plan;
    }

    /**
     * The plan of a device {@code launched} was started with, to unplug it: its steps as the command
     * line has them (its root port, its block nodes, its netdev).
     *
     * @param launched the machine as it was launched (rendered with {@code ctx}); ids as launched
     * @param deviceId the id of one of its devices
     * @throws JqemuException when there is no such device, or QEMU cannot unplug it (an ide-hd disk,
     *     a vfio-pci device at a fixed address on {@code pcie.0}, a kind that is not hot-pluggable)
     */
    public static DevicePlan launched(Machine launched, String deviceId, RenderContext ctx) {
        Map<String, DevicePlan> plans = MachineRenderer.devicePlans(launched, ctx);
        DevicePlan plan = plans.get(deviceId);
        if (plan == null) {
            throw new JqemuException("machine " + launched.name() + " has no device '" + deviceId + "' (ids: "
                    + String.join(", ", plans.keySet()) + ")");
        }
        PlacedDevice placed = launched.placedDevice(deviceId).orElseThrow();
        placed.device().notHotpluggable().ifPresent(reason -> {
            throw new JqemuException(placed.path() + " (" + deviceId + "): " + reason);
        });
        return plan;
    }

    private static String freeId(Machine m, Device device) {
        Set<String> used = new HashSet<>();
        m.placedDevices().forEach(p -> used.add(p.id()));
        for (int n = 0; ; n++) {
            String candidate = device.defaultId(n);
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }
}
