package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a device's whole IOMMU group can be handed to a guest, and why (what {@code jqemu check}
 * prints).
 *
 * @param requested the device asked for
 * @param group     its IOMMU group number, empty when the host has no IOMMU for it
 * @param members   every device of the group (sorted by address), the requested one included
 * @param openBy    processes (pid) that hold the group's {@code /dev/vfio/N} open (another VM)
 */
public record VfioGroupReport(PciAddress requested, Optional<String> group, List<GroupMember> members,
                              List<Long> openBy) {

    /** Copies the lists. */
    public VfioGroupReport {
        members = List.copyOf(members);
        openBy = List.copyOf(openBy);
    }

    /** Whether the group can go to the guest: it exists, no member is a host device, nobody holds it open. */
    public boolean canBeGivenAway() {
        return group.isPresent() && openBy.isEmpty() && members.stream().allMatch(GroupMember::canBeGivenAway);
    }

    /** The members that block the passthrough. */
    public List<GroupMember> blockers() {
        return members.stream().filter(m -> !m.canBeGivenAway()).toList();
    }

    /** A multi-line description: the verdict, then every member. */
    public String describe() {
        if (group.isEmpty()) {
            return requested + " has no IOMMU group: the host has no IOMMU enabled for it"
                    + " (enable VT-d/AMD-Vi and boot with intel_iommu=on)";
        }
        String verdict;
        if (!blockers().isEmpty()) {
            verdict = requested + " cannot be passed through: IOMMU group " + group.get()
                    + " also holds " + blockers().stream().map(m -> m.device().address().toString())
                    .collect(Collectors.joining(", ")) + ", used by the host; every device of the group"
                    + " must be bound to vfio-pci, have no driver, or be a PCI bridge";
        } else if (!openBy.isEmpty()) {
            verdict = requested + " cannot be passed through: IOMMU group " + group.get()
                    + " is in use by process " + openBy.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + " (another VM)";
        } else {
            verdict = requested + " can be passed through with IOMMU group " + group.get();
        }
        return verdict + members.stream().map(m -> "\n  " + m.describe()).collect(Collectors.joining());
    }
}
