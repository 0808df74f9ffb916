package io.jqemu.core.model;

/** Rules for disks: paths, cache and aio, discard, attachments and their bus addresses. */
record DiskRules(Machine m, FieldChecks check, Claims claims) {
    /** Node names are at most 31 characters; "file-" is the longest prefix. */
    static final int MAX_DISK_ID = 26;

    void disk(String path, Disk d, String id) {
        check.absolutePath(path + ".path", d.source().path());
        d.id().ifPresent(v -> check.qemuId(path + ".id", v, MAX_DISK_ID));
        claims.id(path, id);
        if (d.aio().orElse(AioMode.THREADS) == AioMode.NATIVE && !d.cache().direct()) {
            check.add(path + ".aio", "aio native needs an O_DIRECT cache mode (none or directsync), not "
                    + d.cache().name().toLowerCase());
        }
        if (d.detectZeroes() == DetectZeroes.UNMAP && d.discard() != DiscardMode.UNMAP) {
            check.add(path + ".detectZeroes", "detect-zeroes unmap needs discard unmap");
        }
        d.bootIndex().ifPresent(b -> claims.bootIndex(path + ".bootIndex", b));
        switch (d.attachment()) {
            case DiskAttachment.ScsiHd s -> scsi(path, s.controller(), s.target(), s.lun());
            case DiskAttachment.ScsiBlock s -> {
                if (!(d.source() instanceof DiskSource.HostBlockDevice)) {
                    check.add(path + ".attachment", "scsi-block passes a host SCSI block device through; "
                            + FieldChecks.quote(d.source().path()) + " is an image file (use scsi-hd)");
                }
                if (d.format() != DiskFormat.RAW) {
                    check.add(path + ".format", "scsi-block needs format raw, not " + d.format().qemuName());
                }
                scsi(path, s.controller(), s.target(), s.lun());
            }
            case DiskAttachment.VirtioBlk v -> { }
            case DiskAttachment.IdeHd ide -> {
                check.range(path + ".attachment.port", ide.port(), 0, 5);
                if (d.readOnly()) {
                    check.add(path + ".readOnly", "ide-hd cannot use a read-only disk (attach it as scsi-hd or virtio-blk)");
                }
                claims.bus("ahci port " + ide.port(), path + ".attachment", "AHCI port " + ide.port());
            }
            case DiskAttachment.UsbStorage u -> {
                claims.needsUsb(path + ".attachment", "usb-storage");
                u.port().ifPresent(p -> claims.usbPort(path + ".attachment.port", p));
            }
        }
    }

    private void scsi(String path, int controller, int target, int lun) {
        if (controller < 0 || controller >= m.scsiControllers().size()) {
            check.add(path + ".attachment.controller", "there is no virtio-scsi controller " + controller
                    + " (the machine has " + m.scsiControllers().size() + ")");
        }
        check.range(path + ".attachment.target", target, 0, 255);
        check.range(path + ".attachment.lun", lun, 0, 16383);
        String where = "scsi controller " + controller + " target " + target + " lun " + lun;
        claims.bus(where, path + ".attachment", where);
    }
}
