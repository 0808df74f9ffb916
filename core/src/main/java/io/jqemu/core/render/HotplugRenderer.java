package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.JqemuException;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.UsbHost;
import io.jqemu.core.model.VfioPci;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Renders the QMP arguments for adding one device to a running machine. {@code running} is the machine
 * as it runs now (keep it in {@link Machine#withResolvedIds()} form so ids stay stable when devices are
 * removed); the device is checked together with it (bus addresses, boot indexes, ids), and a device
 * without an explicit id gets the first free {@code disk<n>} / {@code net<n>} / {@code hostdev<n>} /
 * {@code usbhost<n>}. Every method throws {@link io.jqemu.core.InvalidMachineException} when the
 * machine with the new device would be invalid. PCI devices go on a spare root port from {@link RenderedMachine#hotplugRootPorts()}.
 */
public final class HotplugRenderer {
    private HotplugRenderer() {
    }

    /** True when plugging this disk needs a spare root port (virtio-blk); SCSI, IDE and USB disks do not. */
    public static boolean needsRootPort(Disk disk) {
        return DeviceRenderer.needsRootPort(disk);
    }

    /**
     * Plans adding a disk.
     *
     * @param rootPort a spare root port id for virtio-blk disks; must be empty for the others
     *                 (ide-hd cannot be hot-plugged at all)
     */
    public static HotplugPlan disk(Machine running, Disk disk, Optional<String> rootPort) {
        if (disk.attachment() instanceof DiskAttachment.IdeHd) {
            throw new JqemuException("ide-hd disks cannot be hot-plugged (QEMU's AHCI buses do not support it); "
                    + "hot-plug a scsi-hd, virtio-blk or usb-storage disk");
        }
        if (needsRootPort(disk) != rootPort.isPresent()) {
            throw new JqemuException(needsRootPort(disk)
                    ? "a virtio-blk disk needs a spare root port to be hot-plugged"
                    : "only virtio-blk disks take a root port; this disk plugs into its controller's bus");
        }
        String id = disk.id().orElseGet(() -> freeId(running, "disk"));
        Disk withId = disk.withId(id);
        Machine after = running.toBuilder().disk(withId).build();
        String path = "disks[" + (after.disks().size() - 1) + "]";
        DevicePieces p = DeviceRenderer.disk(withId, id, path, rootPort);
        return new HotplugPlan(p.blockdevs(), Optional.empty(), p.device(), id,
                List.of(DeviceRenderer.formatNode(id), DeviceRenderer.fileNode(id)), Optional.empty(), p.hostResources());
    }

    /** Plans adding a NIC on spare root port {@code rootPort}. */
    public static HotplugPlan nic(Machine running, Nic nic, String rootPort, RenderContext ctx) {
        String id = nic.id().orElseGet(() -> freeId(running, "net"));
        Nic withId = nic.withId(id);
        Machine after = running.toBuilder().nic(withId).build();
        String path = "nics[" + (after.nics().size() - 1) + "]";
        DevicePieces p = DeviceRenderer.nic(after, withId, id, path, rootPort, ctx);
        return new HotplugPlan(List.of(), p.netdev(), p.device(), id, List.of(),
                Optional.of(DeviceRenderer.netdevId(id)), p.hostResources());
    }

    /**
     * Plans adding a vfio-pci device on spare root port {@code rootPort}. A device with a fixed guest
     * address is refused: that address is on {@code pcie.0}, which QEMU cannot hot-plug into.
     */
    public static HotplugPlan vfio(Machine running, VfioPci device, String rootPort) {
        if (device.guestAddress().isPresent()) {
            throw new JqemuException("vfio-pci " + device.hostAddress() + " has guest address "
                    + device.guestAddress().get() + " on pcie.0, which QEMU cannot hot-plug into; "
                    + "hot-plug it without a guest address onto a spare root port");
        }
        String id = device.id().orElseGet(() -> freeId(running, "hostdev"));
        VfioPci withId = device.withId(id);
        Machine after = running.toBuilder().vfio(withId).build();
        String path = "vfioDevices[" + (after.vfioDevices().size() - 1) + "]";
        DevicePieces p = DeviceRenderer.vfio(withId, id, path, Optional.of(rootPort));
        return new HotplugPlan(List.of(), Optional.empty(), p.device(), id, List.of(), Optional.empty(), p.hostResources());
    }

    /**
     * Same as {@link #vfio(Machine, VfioPci, String)}; an empty root port is refused with a clear
     * message (every hot-plugged PCI device needs a spare root port).
     */
    public static HotplugPlan vfio(Machine running, VfioPci device, Optional<String> rootPort) {
        return vfio(running, device, rootPort.orElseThrow(() -> new JqemuException(
                "a vfio-pci device needs a spare root port to be hot-plugged (see RenderedMachine.hotplugRootPorts)")));
    }

    /** Plans adding a usb-host device to the machine's xHCI bus. */
    public static HotplugPlan usbHost(Machine running, UsbHost device) {
        String id = device.id().orElseGet(() -> freeId(running, "usbhost"));
        UsbHost withId = device.withId(id);
        Machine after = running.toBuilder().usbHost(withId).build();
        String path = "usbHostDevices[" + (after.usbHostDevices().size() - 1) + "]";
        DevicePieces p = DeviceRenderer.usbHost(withId, id, path);
        return new HotplugPlan(List.of(), Optional.empty(), p.device(), id, List.of(), Optional.empty(), p.hostResources());
    }

    /**
     * The plan of a device {@code launched} was started with, to unplug it: the objects its command
     * line carries (the device's {@code bus} is its root port, for PCI devices), its block node
     * names and its netdev, exactly as for a hot-plugged device.
     *
     * @param launched the machine as it was launched (rendered with {@code ctx}); ids as launched
     * @param deviceId the id of one of its disks, NICs, vfio-pci or usb-host devices
     * @throws JqemuException when there is no such device, or QEMU cannot unplug it (an ide-hd
     *     disk, a vfio-pci device at a fixed address on {@code pcie.0})
     */
    public static HotplugPlan launched(Machine launched, String deviceId, RenderContext ctx) {
        Map<String, DevicePieces> pieces = MachineRenderer.devicePieces(launched, ctx);
        DevicePieces p = pieces.get(deviceId);
        if (p == null) {
            throw new JqemuException("machine " + launched.name() + " has no disk, NIC, vfio-pci or usb-host device '"
                    + deviceId + "' (ids: " + String.join(", ", pieces.keySet()) + ")");
        }
        for (int i = 0; i < launched.disks().size(); i++) {
            if (launched.diskId(i).equals(deviceId) && launched.disks().get(i).attachment() instanceof DiskAttachment.IdeHd) {
                throw new JqemuException("disks[" + i + "] (" + deviceId + ") is an ide-hd disk, which QEMU cannot "
                        + "hot-unplug (its AHCI bus does not support it)");
            }
        }
        for (int i = 0; i < launched.vfioDevices().size(); i++) {
            if (launched.vfioId(i).equals(deviceId) && launched.vfioDevices().get(i).guestAddress().isPresent()) {
                throw new JqemuException("vfioDevices[" + i + "] (" + deviceId + ") sits at a fixed address on pcie.0, "
                        + "which QEMU cannot hot-unplug from");
            }
        }
        List<String> nodes = p.blockdevs().isEmpty() ? List.of()
                : List.of(DeviceRenderer.formatNode(deviceId), DeviceRenderer.fileNode(deviceId));
        return new HotplugPlan(p.blockdevs(), p.netdev(), p.device(), deviceId, nodes,
                p.netdev().map(n -> DeviceRenderer.netdevId(deviceId)), p.hostResources());
    }

    /** The JSON text of a plan's object, as it would appear on the command line. */
    public static String toJson(ObjectNode node) {
        return QemuJson.arg(node);
    }

    private static String freeId(Machine m, String prefix) {
        Set<String> used = new HashSet<>();
        collect(used, m.disks().size(), m::diskId);
        collect(used, m.nics().size(), m::nicId);
        collect(used, m.vfioDevices().size(), m::vfioId);
        collect(used, m.usbHostDevices().size(), m::usbHostId);
        for (int n = 0; ; n++) {
            String candidate = prefix + n;
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static void collect(Set<String> used, int count, IntFunction<String> id) {
        for (int i = 0; i < count; i++) {
            used.add(id.apply(i));
        }
    }
}
