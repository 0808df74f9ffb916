package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/** How a disk is attached to the guest: which device model on which bus. */
public sealed interface DiskAttachment
        permits DiskAttachment.ScsiHd, DiskAttachment.ScsiBlock, DiskAttachment.VirtioBlk,
                DiskAttachment.IdeHd, DiskAttachment.UsbStorage {

    /** {@code scsi-hd} on the virtio-scsi controller with index {@code controller}. */
    static DiskAttachment scsiHd(int controller, int target, int lun) {
        return new ScsiHd(controller, target, lun);
    }

    /** {@code scsi-block} SCSI passthrough of a host SCSI block device (not files). */
    static DiskAttachment scsiBlock(int controller, int target, int lun) {
        return new ScsiBlock(controller, target, lun);
    }

    /** {@code virtio-blk-pci}, one PCIe root port per disk. */
    static DiskAttachment virtioBlk() {
        return new VirtioBlk();
    }

    /** {@code ide-hd} on port {@code port} (0 to 5) of the q35 built-in AHCI controller. */
    static DiskAttachment ideHd(int port) {
        return new IdeHd(port);
    }

    /** {@code usb-storage} on the xHCI bus at any free port. */
    static DiskAttachment usbStorage() {
        return new UsbStorage(Optional.empty(), false);
    }

    /** {@code usb-storage} on the xHCI bus at a given port, e.g. {@code 3} or {@code 1.2}. */
    static DiskAttachment usbStorage(String port, boolean removable) {
        return new UsbStorage(Optional.of(port), removable);
    }

    /** A SCSI disk on virtio-scsi, addressed by controller index, target (scsi-id) and LUN. */
    record ScsiHd(int controller, int target, int lun) implements DiskAttachment {
    }

    /** A host SCSI block device passed through with {@code scsi-block}. */
    record ScsiBlock(int controller, int target, int lun) implements DiskAttachment {
    }

    /**
     * A virtio-blk PCI device.
     *
     * @param iothread the iothread (one of {@link Machine#iothreads()}) that runs the disk's I/O, or
     *                 empty for QEMU's main loop
     */
    record VirtioBlk(Optional<String> iothread) implements DiskAttachment {
        /** Requires the iothread (possibly empty). */
        public VirtioBlk {
            Objects.requireNonNull(iothread, "iothread");
        }

        /** A virtio-blk device whose I/O runs in QEMU's main loop. */
        public VirtioBlk() {
            this(Optional.empty());
        }
    }

    /** An emulated SATA disk on the AHCI controller's port {@code port} (bus {@code ide.<port>}). */
    record IdeHd(int port) implements DiskAttachment {
    }

    /**
     * A USB mass-storage device.
     *
     * @param port      the USB port, or empty to let QEMU choose
     * @param removable whether the guest sees removable media
     */
    record UsbStorage(Optional<String> port, boolean removable) implements DiskAttachment {
        /** Checks the port is present (possibly empty). */
        public UsbStorage {
            Objects.requireNonNull(port, "port");
        }
    }
}
