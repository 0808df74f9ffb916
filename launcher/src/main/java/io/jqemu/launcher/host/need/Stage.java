package io.jqemu.launcher.host.need;

/**
 * When a need is applied. Stages run in this order, the needs of one stage in the order the machine
 * lists them, so that the undo (newest first) releases passed-through devices before the virtual
 * functions they belong to are removed.
 */
public enum Stage {
    /** Nothing is changed on the host: the need is only checked. */
    CHECK_ONLY,
    /** Files: the OVMF vars copy, stale sockets removed. */
    FILES,
    /** SR-IOV virtual functions enabled, each claimed for passthrough. */
    VIRTUAL_FUNCTIONS,
    /**
     * PCI devices claimed for passthrough; at the end of the stage the IOMMU group of every claimed
     * device is checked, then each device is bound to vfio-pci.
     */
    PASSTHROUGH,
    /** Taps created and added to their bridges. */
    TAPS,
    /** Macvtaps created. */
    MACVTAPS,
    /**
     * What QEMU running as an unprivileged user ({@code -runas}) still opens after it dropped privileges
     * handed to that user: the taps created (owner and group), the OVMF vars file and the vfio group nodes.
     */
    HANDOVER,
    /** Helper processes started (swtpm, virtiofsd): last, so that they are ended first. */
    HELPERS
}
