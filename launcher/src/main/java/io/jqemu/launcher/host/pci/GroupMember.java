package io.jqemu.launcher.host.pci;

/**
 * One device of an IOMMU group, and whether it lets the group go to a guest.
 *
 * @param device the device
 * @param role   why it may (or may not) share the group with a passed-through device
 */
public record GroupMember(PciDevice device, Role role) {

    /** How a group member relates to the passthrough. */
    public enum Role {
        /** The device being passed through. */
        REQUESTED("passed through"),
        /** Another device this VM passes through too. */
        ALSO_REQUESTED("also passed through by this VM"),
        /** Already bound to vfio-pci. */
        VFIO("already bound to vfio-pci"),
        /** No driver bound. */
        UNBOUND("no driver bound"),
        /** A PCI bridge, which stays with the host. */
        BRIDGE("PCI bridge, stays with the host"),
        /** A device the host uses (a driver other than vfio-pci is bound). */
        HOST_DEVICE("in use by the host");

        private final String text;

        Role(String text) {
            this.text = text;
        }

        /** A short human description. */
        public String text() {
            return text;
        }
    }

    /** Whether this member lets the group be given to a guest. */
    public boolean canBeGivenAway() {
        return role != Role.HOST_DEVICE;
    }

    /** One line: address, ids, class, driver and role. */
    public String describe() {
        return device.describe() + ": " + role.text();
    }
}
