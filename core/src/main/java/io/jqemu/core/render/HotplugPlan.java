package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The QMP arguments that add one device to a running machine, and what removing it takes. The objects
 * are exactly what the command line renders for the same device, so cold- and hot-plugged devices match.
 *
 * <p>Plug: {@code blockdev-add} each of {@link #blockdevAdds} in order, {@code netdev_add}
 * {@link #netdevAdd} if present, then {@code device_add} {@link #deviceAdd}. Unplug: {@code device_del}
 * {@link #deviceId} and wait for {@code DEVICE_DELETED}, then {@code netdev_del} {@link #netdevIdToDelete}
 * and {@code blockdev-del} each of {@link #nodeNamesToDelete} in order (QEMU releases the device's
 * block backend in an RCU callback, so {@code blockdev-del} may answer "in use" for a moment after
 * {@code DEVICE_DELETED}: retry briefly).
 *
 * @param blockdevAdds      {@code blockdev-add} arguments, bottom node first
 * @param netdevAdd         {@code netdev_add} arguments, for NICs
 * @param deviceAdd         {@code device_add} arguments
 * @param deviceId          the new device's id
 * @param nodeNamesToDelete block nodes to delete after unplug, top node first
 * @param netdevIdToDelete  the netdev to delete after unplug, for NICs
 * @param hostResources     what the launcher must prepare before plugging (files, taps, vfio binding)
 */
public record HotplugPlan(List<ObjectNode> blockdevAdds, Optional<ObjectNode> netdevAdd, ObjectNode deviceAdd,
                          String deviceId, List<String> nodeNamesToDelete, Optional<String> netdevIdToDelete,
                          List<HostResource> hostResources) {
    /** Copies the lists. */
    public HotplugPlan {
        blockdevAdds = List.copyOf(blockdevAdds);
        nodeNamesToDelete = List.copyOf(nodeNamesToDelete);
        hostResources = List.copyOf(hostResources);
    }
}
