package io.jqemu.cli.config;

import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskCreation;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.core.model.DiskSource;
import io.jqemu.core.model.DiskSize;
import java.util.Optional;

/** {@code [[disks]]}: disks. */
final class DiskTable implements DeviceTable<Disk> {
    @Override
    public Class<Disk> kind() {
        return Disk.class;
    }

    @Override
    public String key() {
        return "disks";
    }

    @Override
    public Optional<Disk> read(TomlTable t) {
        Optional<Disk.Builder> source = source(t);
        Disk.Builder b = source.orElse(Disk.imageFile(""));
        t.choice("format", DiskFormat.class).ifPresent(b::format);
        t.bool("read_only").ifPresent(b::readOnly);
        t.choice("cache", CacheMode.class).ifPresent(b::cache);
        t.choice("aio", AioMode.class).ifPresent(b::aio);
        t.choice("discard", DiscardMode.class).ifPresent(b::discard);
        t.choice("detect_zeroes", DetectZeroes.class).ifPresent(b::detectZeroes);
        t.table("attachment").flatMap(DiskTable::attachment).ifPresent(b::attachment);
        t.integer("boot_index", 0, TomlValues.MAX_INT).ifPresent(i -> b.bootIndex(i.intValue()));
        t.string("id").ifPresent(b::id);
        t.table("create").flatMap(DiskTable::creation).ifPresent(b::create);
        t.finish();
        return source.map(s -> b.build());
    }

    /** The disk's {@code path}, opened as {@code source} says (an image file unless told otherwise). */
    private static Optional<Disk.Builder> source(TomlTable t) {
        Optional<String> path = t.requiredString("path");
        Optional<String> source = t.string("source");
        return switch (source.orElse("image-file")) {
            case "image-file" -> path.map(Disk::imageFile);
            case "host-block-device" -> path.map(Disk::hostDevice);
            default -> {
                t.problems().atValue(t.pathOf("source"), "'" + source.get()
                        + "' is not one of 'image-file', 'host-block-device'");
                yield Optional.empty();
            }
        };
    }

    /** {@code create = { size = "32G", backing = "/abs/base.qcow2" }}: size in bytes or with K, M, G, T. */
    private static Optional<DiskCreation> creation(TomlTable t) {
        Optional<Long> size = t.isInteger("size") ? t.integer("size")
                : t.requiredParsed("size", "disk size", DiskSize::parse);
        Optional<String> backing = t.string("backing");
        t.finish();
        return size.map(s -> new DiskCreation(s, backing));
    }

    private static Optional<DiskAttachment> attachment(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<DiskAttachment> attachment = switch (type.orElse("")) {
            case "virtio-blk" -> Optional.of(new DiskAttachment.VirtioBlk(t.string("iothread")));
            case "scsi-hd" -> Optional.of(new DiskAttachment.ScsiHd(TomlValues.intOr(t, "controller", 0),
                    TomlValues.intOr(t, "target", 0), TomlValues.intOr(t, "lun", 0)));
            case "scsi-block" -> Optional.of(new DiskAttachment.ScsiBlock(TomlValues.intOr(t, "controller", 0),
                    TomlValues.intOr(t, "target", 0), TomlValues.intOr(t, "lun", 0)));
            case "ide-hd" -> Optional.of(new DiskAttachment.IdeHd(TomlValues.intOr(t, "port", 0)));
            case "usb-storage" -> Optional.of(new DiskAttachment.UsbStorage(t.string("port"),
                    t.bool("removable").orElse(false)));
            default -> TomlValues.unknownType(t, type, "virtio-blk", "scsi-hd", "scsi-block", "ide-hd", "usb-storage");
        };
        t.finish();
        return attachment;
    }

    @Override
    public void write(Disk disk, TomlOut out) {
        out.string("path", disk.source().path());
        if (disk.source() instanceof DiskSource.HostBlockDevice) {
            out.string("source", "host-block-device");
        }
        out.choiceUnlessDefault("format", disk.format(), DiskFormat.RAW);
        out.boolUnlessDefault("read_only", disk.readOnly(), false);
        out.choiceUnlessDefault("cache", disk.cache(), CacheMode.WRITEBACK);
        disk.aio().ifPresent(a -> out.choice("aio", a));
        out.choiceUnlessDefault("discard", disk.discard(), DiscardMode.IGNORE);
        out.choiceUnlessDefault("detect_zeroes", disk.detectZeroes(), DetectZeroes.OFF);
        if (!disk.attachment().equals(new DiskAttachment.VirtioBlk())) {
            out.inline("attachment", attachment(disk.attachment()));
        }
        out.integer("boot_index", disk.bootIndex());
        out.string("id", disk.id());
        disk.create().ifPresent(c -> out.inline("create", new TomlOut().string("size", size(c.sizeBytes()))
                .string("backing", c.backing())));
    }

    /** A size as a user writes it: {@code "32G"} when it is a whole number of a binary unit, else bytes. */
    private static String size(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    private static TomlOut attachment(DiskAttachment attachment) {
        TomlOut t = new TomlOut();
        switch (attachment) {
            case DiskAttachment.VirtioBlk v -> t.string("type", "virtio-blk").string("iothread", v.iothread());
            case DiskAttachment.ScsiHd s -> t.string("type", "scsi-hd").integer("controller", s.controller())
                    .integer("target", s.target()).integer("lun", s.lun());
            case DiskAttachment.ScsiBlock s -> t.string("type", "scsi-block").integer("controller", s.controller())
                    .integer("target", s.target()).integer("lun", s.lun());
            case DiskAttachment.IdeHd i -> t.string("type", "ide-hd").integer("port", i.port());
            case DiskAttachment.UsbStorage u -> t.string("type", "usb-storage").string("port", u.port())
                    .boolUnlessDefault("removable", u.removable(), false);
        }
        return t;
    }
}
