package io.jqemu.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.HostResource.Access;
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
 * @param create       create the image file when it is missing (never over an existing file); empty: the
 *                     file must exist
 */
public record Disk(DiskSource source, DiskFormat format, boolean readOnly, CacheMode cache,
                   Optional<AioMode> aio, DiscardMode discard, DetectZeroes detectZeroes,
                   DiskAttachment attachment, Optional<Integer> bootIndex, Optional<String> id,
                   Optional<DiskCreation> create) implements Device {
    /** Node names are at most 31 characters; "file-" is the longest prefix. */
    static final int MAX_ID = 26;


    /** Refuses null components; the exception names the component. */
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
        Objects.requireNonNull(create, "create");
    }

    /** A disk whose file must exist (no {@link #create()}). */
    public Disk(DiskSource source, DiskFormat format, boolean readOnly, CacheMode cache,
                Optional<AioMode> aio, DiscardMode discard, DetectZeroes detectZeroes,
                DiskAttachment attachment, Optional<Integer> bootIndex, Optional<String> id) {
        this(source, format, readOnly, cache, aio, discard, detectZeroes, attachment, bootIndex, id, Optional.empty());
    }

    @Override
    public String field() {
        return "disks";
    }

    @Override
    public String idPrefix() {
        return "disk";
    }

    @Override
    public boolean userIds() {
        return true;
    }

    /** A virtio-blk disk sits on a root port; SCSI, IDE and USB disks sit on their controller's bus. */
    @Override
    public boolean takesRootPort() {
        return attachment instanceof DiskAttachment.VirtioBlk;
    }

    /** The file node's name for the disk with {@code id}. */
    public static String fileNode(String id) {
        return "file-" + id;
    }

    /** The format node's name (the one the device uses) for the disk with {@code id}. */
    public static String formatNode(String id) {
        return "fmt-" + id;
    }

    @Override
    public void validate(DeviceCheck check) {
        String path = check.path();
        check.absolutePath(path + ".path", source.path());
        id.ifPresent(v -> check.qemuId(path + ".id", v, MAX_ID));
        if (aio.orElse(AioMode.THREADS) == AioMode.NATIVE && !cache.direct()) {
            check.add(path + ".aio", "aio native needs an O_DIRECT cache mode (none or directsync), not "
                    + cache.name().toLowerCase());
        }
        if (detectZeroes == DetectZeroes.UNMAP && discard != DiscardMode.UNMAP) {
            check.add(path + ".detectZeroes", "detect-zeroes unmap needs discard unmap");
        }
        bootIndex.ifPresent(b -> check.bootIndex(path + ".bootIndex", b));
        create.ifPresent(c -> validateCreation(check, c));
        switch (attachment) {
            case DiskAttachment.ScsiHd s -> scsiAddress(check, s.controller(), s.target(), s.lun());
            case DiskAttachment.ScsiBlock s -> {
                if (!(source instanceof DiskSource.HostBlockDevice)) {
                    check.add(path + ".attachment", "scsi-block passes a host SCSI block device through; "
                            + DeviceCheck.quote(source.path()) + " is an image file (use scsi-hd)");
                }
                if (format != DiskFormat.RAW) {
                    check.add(path + ".format", "scsi-block needs format raw, not " + format.qemuName());
                }
                scsiAddress(check, s.controller(), s.target(), s.lun());
            }
            case DiskAttachment.VirtioBlk v -> v.iothread().ifPresent(name -> check.iothread(path + ".attachment.iothread", name));
            case DiskAttachment.IdeHd ide -> {
                check.range(path + ".attachment.port", ide.port(), 0, 5);
                if (readOnly) {
                    check.add(path + ".readOnly", "ide-hd cannot use a read-only disk (attach it as scsi-hd or virtio-blk)");
                }
                check.claim("ahci port " + ide.port(), path + ".attachment", "AHCI port " + ide.port());
            }
            case DiskAttachment.UsbStorage u -> {
                check.needsUsb(path + ".attachment", "usb-storage");
                u.port().ifPresent(p -> check.usbPort(path + ".attachment.port", p));
            }
        }
    }

    private void validateCreation(DeviceCheck check, DiskCreation creation) {
        String path = check.field("create");
        if (source instanceof DiskSource.HostBlockDevice) {
            check.add(path, "jqemu creates image files only; " + DeviceCheck.quote(source.path())
                    + " is a host block device");
        }
        String problem = DiskSize.problem(creation.sizeBytes());
        if (problem != null) {
            check.add(path + ".size", creation.sizeBytes() + " bytes " + problem);
        }
        creation.backing().ifPresent(b -> {
            check.absolutePath(path + ".backing", b);
            if (format != DiskFormat.QCOW2) {
                check.add(path + ".backing", "a backing image needs format qcow2, not " + format.qemuName());
            }
            if (b.equals(source.path())) {
                check.add(path + ".backing", DeviceCheck.quote(b) + " is the disk's own path");
            }
        });
    }

    /** Checks and claims a SCSI address on a virtio-scsi controller (disks and CD-ROM drives share them). */
    static void scsiAddress(DeviceCheck check, int controller, int target, int lun) {
        String path = check.path();
        int controllers = check.machine().scsiControllers().size();
        if (controller < 0 || controller >= controllers) {
            check.add(path + ".attachment.controller", "there is no virtio-scsi controller " + controller
                    + " (the machine has " + controllers + ")");
        }
        check.range(path + ".attachment.target", target, 0, 255);
        check.range(path + ".attachment.lun", lun, 0, 16383);
        String where = "scsi controller " + controller + " target " + target + " lun " + lun;
        check.claim(where, path + ".attachment", where);
    }

    @Override
    public void render(DeviceRendering out) {
        String id = out.id();
        boolean hostDevice = source instanceof DiskSource.HostBlockDevice;
        ObjectNode cacheOptions = out.json().put("direct", cache.direct()).put("no-flush", cache.noFlush());
        ObjectNode file = out.json()
                .put("driver", hostDevice ? "host_device" : "file")
                .put("filename", source.path())
                .put("node-name", fileNode(id))
                .put("read-only", readOnly);
        aio.ifPresent(a -> file.put("aio", a.qemuName()));
        file.set("cache", cacheOptions.deepCopy());
        if (discard != DiscardMode.IGNORE) {
            file.put("discard", discard.qemuName());
        }
        ObjectNode fmt = out.json()
                .put("driver", format.qemuName())
                .put("node-name", formatNode(id))
                .put("file", fileNode(id))
                .put("read-only", readOnly);
        fmt.set("cache", cacheOptions);
        if (discard != DiscardMode.IGNORE) {
            fmt.put("discard", discard.qemuName());
        }
        if (detectZeroes != DetectZeroes.OFF) {
            fmt.put("detect-zeroes", detectZeroes.qemuName());
        }
        out.blockNode(fileNode(id), file);
        out.blockNode(formatNode(id), fmt);
        ObjectNode dev = out.json();
        boolean writeCacheProperty = true;
        String driver = switch (attachment) {
            case DiskAttachment.ScsiHd s -> {
                scsiBus(dev, s.controller(), s.target(), s.lun());
                yield "scsi-hd";
            }
            case DiskAttachment.ScsiBlock s -> {
                scsiBus(dev, s.controller(), s.target(), s.lun());
                writeCacheProperty = false;
                yield "scsi-block";
            }
            case DiskAttachment.VirtioBlk v -> {
                dev.put("bus", out.rootPort());
                v.iothread().ifPresent(name -> dev.put("iothread", name));
                yield "virtio-blk-pci";
            }
            case DiskAttachment.IdeHd ide -> {
                dev.put("bus", "ide." + ide.port());
                yield "ide-hd";
            }
            case DiskAttachment.UsbStorage u -> {
                dev.put("bus", DeviceRendering.USB_BUS);
                u.port().ifPresent(p -> dev.put("port", p));
                dev.put("removable", u.removable());
                yield "usb-storage";
            }
        };
        dev.put("drive", formatNode(id));
        if (writeCacheProperty) {
            dev.put("write-cache", cache.writeCache() ? "on" : "off");
        }
        out.device(driver, dev, bootIndex);
        Access access = readOnly ? Access.READ_ONLY : Access.READ_WRITE;
        HostResource.ImageFile image = new HostResource.ImageFile(source.path(), access, out.field("path"));
        if (hostDevice) {
            out.needs(new HostResource.BlockDevice(source.path(), access, out.field("path")));
        } else if (create.isPresent()) {
            out.needs(new HostResource.ImageToCreate(image, format.qemuName(), create.get().sizeBytes(),
                    create.get().backing(), out.context().qemuBinary(), out.field("create")));
        } else {
            out.needs(image);
        }
    }

    private static void scsiBus(ObjectNode dev, int controller, int target, int lun) {
        dev.put("bus", "scsi" + controller + ".0").put("channel", 0).put("scsi-id", target).put("lun", lun);
    }

    @Override
    public Optional<String> notHotpluggable() {
        return attachment instanceof DiskAttachment.IdeHd
                ? Optional.of("an ide-hd disk cannot be hot-plugged or unplugged (QEMU's AHCI buses do not support "
                        + "it); use a scsi-hd, virtio-blk or usb-storage disk")
                : Optional.empty();
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
                Optional.of(newId), create);
    }

    /**
     * A copy of this disk opening another image file in {@code newFormat}: the launcher's way to open
     * the newest overlay of a disk that has external snapshots.
     */
    public Disk withImage(String path, DiskFormat newFormat) {
        return new Disk(new DiskSource.ImageFile(path), newFormat, readOnly, cache, aio, discard, detectZeroes,
                attachment, bootIndex, id);
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
        private Optional<DiskCreation> create = Optional.empty();

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

        /** Attaches as {@code virtio-blk-pci} with its I/O in iothread {@code iothread}. */
        public Builder virtioBlk(String iothread) {
            return attachment(new DiskAttachment.VirtioBlk(Optional.of(iothread)));
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

        /** Creates the image file when it is missing, in the disk's format (never over an existing file). */
        public Builder create(DiskCreation value) {
            this.create = Optional.of(value);
            return this;
        }

        /** Builds the disk (validated with the machine it joins). */
        public Disk build() {
            return new Disk(source, format, readOnly, cache, aio, discard, detectZeroes, attachment, bootIndex, id,
                    create);
        }
    }
}
