package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a device's whole IOMMU group the way libvirt's managed hostdev does, reading only:
 * nothing is unbound until the report says the group can be given away.
 */
public final class VfioGroupInspector {
    static final String VFIO_PCI = "vfio-pci";
    private final PciBus bus;

    /** Inspects groups on {@code bus}. */
    public VfioGroupInspector(PciBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /**
     * Reports on the group of {@code requested}.
     *
     * @param fieldPath       the configuration field naming the device (for a missing device)
     * @param requested       the device to pass through
     * @param alsoRequested   other devices the same VM passes through (they may share the group)
     */
    public VfioGroupReport inspect(String fieldPath, PciAddress requested, Set<PciAddress> alsoRequested) {
        PciDevice target = bus.require(fieldPath, requested);
        Optional<String> group = bus.iommuGroup(requested);
        if (group.isEmpty()) {
            return new VfioGroupReport(requested, group, List.of(new GroupMember(target, GroupMember.Role.REQUESTED)),
                    List.of());
        }
        List<GroupMember> members = new ArrayList<>();
        for (PciDevice device : bus.groupMembers(group.get())) {
            members.add(new GroupMember(device, role(device, requested, alsoRequested)));
        }
        return new VfioGroupReport(requested, group, members, openers(group.get()));
    }

    private static GroupMember.Role role(PciDevice device, PciAddress requested, Set<PciAddress> alsoRequested) {
        if (device.address().equals(requested)) {
            return GroupMember.Role.REQUESTED;
        }
        if (alsoRequested.contains(device.address())) {
            return GroupMember.Role.ALSO_REQUESTED;
        }
        if (device.driver().isEmpty()) {
            return GroupMember.Role.UNBOUND;
        }
        if (device.driver().get().equals(VFIO_PCI)) {
            return GroupMember.Role.VFIO;
        }
        if (device.isBridge()) {
            return GroupMember.Role.BRIDGE;
        }
        return GroupMember.Role.HOST_DEVICE;
    }

    /** Processes holding {@code /dev/vfio/<group>} open, found through {@code /proc/<pid>/fd}. */
    private List<Long> openers(String group) {
        HostRoot host = bus.host();
        String node = "/dev/vfio/" + group;
        List<Long> pids = new ArrayList<>();
        for (String pid : host.list("/proc")) {
            if (!pid.chars().allMatch(Character::isDigit)) {
                continue;
            }
            for (String fd : host.list("/proc/" + pid + "/fd")) {
                if (host.linkTarget("/proc/" + pid + "/fd/" + fd).filter(node::equals).isPresent()) {
                    pids.add(Long.parseLong(pid));
                    break;
                }
            }
        }
        return pids;
    }
}
