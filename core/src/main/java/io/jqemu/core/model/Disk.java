package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A disk: where its data lives, how QEMU opens it, and how the guest sees it.
 *
 * @param source       the image file or host block device
 * @param format       raw or qcow2
 * @param readOnly     whether the guest may only read
 * @param cache        the cache mode
 * @param aio          the I/O submission mode, or empty for QEMU's default (threads)
 * @param discard      whether discards reach the host
 * @param detectZeroes zero-write detection
 * @param attachment   the device model and bus
 * @param bootIndex    the firmware boot index, or empty when not bootable
 * @param id           the QEMU device id; empty means {@code disk<index>}. Node names are
 *                     {@code file-<id>} and {@code fmt-<id>}.
 */
public record Disk(DiskSource source, DiskFormat format, boolean readOnly, CacheMode cache,
                   Optional<AioMode> aio, DiscardMode discard, DetectZeroes detectZeroes,
                   DiskAttachment attachment, Optional<Integer> bootIndex, Optional<String> id) {

    /** Checks every part is present. */
    public Disk {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(aio, "aio");
        Objects.requireNonNull(discard, "discard");
        Objects.requireNonNull(detectZeroes, "detectZeroes");
        Objects.requireNonNull(attachment, "attachment");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
    }

    /** Starts a disk backed by an image file (raw unless {@link Builder#format} says otherwise). */
    public static Builder imageFile(String path) {
        return new Builder(new DiskSource.ImageFile(path));
    }

    /** Starts a disk backed by a host block device such as {@code /dev/sdb}. */
    public static Builder hostDevice(String path) {
        return new Builder(new DiskSource.HostBlockDevice(path));
    }

    /** A copy of this disk with an explicit device id. */
    public Disk withId(String newId) {
        return new Disk(source, format, readOnly, cache, aio, discard, detectZeroes, attachment, bootIndex,
                Optional.of(newId));
    }

    /** Fluent builder for {@link Disk}; defaults: raw, read-write, writeback, virtio-blk. */
    public static final class Builder {
        private final DiskSource source;
        private DiskFormat format = DiskFormat.RAW;
        private boolean readOnly;
        private CacheMode cache = CacheMode.WRITEBACK;
        private Optional<AioMode> aio = Optional.empty();
        private DiscardMode discard = DiscardMode.IGNORE;
        private DetectZeroes detectZeroes = DetectZeroes.OFF;
        private DiskAttachment attachment = new DiskAttachment.VirtioBlk();
        private Optional<Integer> bootIndex = Optional.empty();
        private Optional<String> id = Optional.empty();

        private Builder(DiskSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** Sets the image format. */
        public Builder format(DiskFormat value) {
            this.format = Objects.requireNonNull(value);
            return this;
        }

        /** Makes the disk read-only (or not). */
        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        /** Sets the cache mode. */
        public Builder cache(CacheMode value) {
            this.cache = Objects.requireNonNull(value);
            return this;
        }

        /** Sets the aio mode. */
        public Builder aio(AioMode value) {
            this.aio = Optional.of(value);
            return this;
        }

        /** Sets the discard mode. */
        public Builder discard(DiscardMode value) {
            this.discard = Objects.requireNonNull(value);
            return this;
        }

        /** Sets zero-write detection. */
        public Builder detectZeroes(DetectZeroes value) {
            this.detectZeroes = Objects.requireNonNull(value);
            return this;
        }

        /** Sets how the disk is attached. */
        public Builder attachment(DiskAttachment value) {
            this.attachment = Objects.requireNonNull(value);
            return this;
        }

        /** Attaches as {@code scsi-hd} on virtio-scsi controller {@code controller}. */
        public Builder scsiHd(int controller, int target, int lun) {
            return attachment(new DiskAttachment.ScsiHd(controller, target, lun));
        }

        /** Attaches as {@code scsi-block} (host SCSI block devices only). */
        public Builder scsiBlock(int controller, int target, int lun) {
            return attachment(new DiskAttachment.ScsiBlock(controller, target, lun));
        }

        /** Attaches as {@code virtio-blk-pci}. */
        public Builder virtioBlk() {
            return attachment(new DiskAttachment.VirtioBlk());
        }

        /** Attaches as {@code ide-hd} on AHCI port {@code port}. */
        public Builder ideHd(int port) {
            return attachment(new DiskAttachment.IdeHd(port));
        }

        /** Attaches as {@code usb-storage} on the given USB port. */
        public Builder usbStorage(String port, boolean removable) {
            return attachment(new DiskAttachment.UsbStorage(Optional.of(port), removable));
        }

        /** Sets the firmware boot index. */
        public Builder bootIndex(int value) {
            this.bootIndex = Optional.of(value);
            return this;
        }

        /** Sets an explicit device id (otherwise {@code disk<index>}). */
        public Builder id(String value) {
            this.id = Optional.of(value);
            return this;
        }

        /** Builds the disk (validated with the machine it joins). */
        public Disk build() {
            return new Disk(source, format, readOnly, cache, aio, discard, detectZeroes, attachment, bootIndex, id);
        }
    }
}
