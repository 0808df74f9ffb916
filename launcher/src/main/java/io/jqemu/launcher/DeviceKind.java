package io.jqemu.launcher;

/** What a hot-plugged device is. */
public enum DeviceKind {
    /** A disk: scsi-hd, virtio-blk, usb-storage (or another core disk attachment). */
    DISK,
    /** A NIC on a spare PCIe root port. */
    NIC,
    /** A host PCI device passed through with vfio-pci. */
    VFIO_PCI,
    /** A host USB device passed through with usb-host. */
    USB_HOST
}
