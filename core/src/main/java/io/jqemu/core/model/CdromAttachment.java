package io.jqemu.core.model;

/** How a CD-ROM drive is attached to the guest: which device model on which bus. */
public sealed interface CdromAttachment permits CdromAttachment.IdeCd, CdromAttachment.ScsiCd {

    /** {@code ide-cd} on port {@code port} (0 to 5) of the q35 built-in AHCI controller. */
    static CdromAttachment ideCd(int port) {
        return new IdeCd(port);
    }

    /** {@code scsi-cd} on the virtio-scsi controller with index {@code controller}. */
    static CdromAttachment scsiCd(int controller, int target, int lun) {
        return new ScsiCd(controller, target, lun);
    }

    /** An emulated SATA CD-ROM drive on the AHCI controller's port {@code port} (bus {@code ide.<port>}). */
    record IdeCd(int port) implements CdromAttachment {
    }

    /** A SCSI CD-ROM drive on virtio-scsi, addressed by controller index, target (scsi-id) and LUN. */
    record ScsiCd(int controller, int target, int lun) implements CdromAttachment {
    }
}
