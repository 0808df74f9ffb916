package io.jqemu.libvirt.internal;

import io.jqemu.core.model.AioMode;
import io.jqemu.core.model.CacheMode;
import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.DetectZeroes;
import io.jqemu.core.model.DiscardMode;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskAttachment;
import io.jqemu.core.model.DiskFormat;
import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Optional;

/**
 * Maps {@code <disk>}: file or block source; driver type (raw, qcow2), cache, io, discard,
 * detect_zeroes; bus virtio, scsi ({@code device='lun'} is scsi-block), sata, ide (on q35's AHCI:
 * port = bus * 2 + unit) or usb (port and removable); {@code <readonly/>} and {@code <boot order>}.
 * The drive address comes from {@code <address type='drive'>}, else from the target name as libvirt
 * derives it ({@code sdb} is unit 1). A {@code device='cdrom'} is a CD-ROM drive (ISO file or empty,
 * sata/ide or scsi). A floppy disk, a network or volume source, or an image format other than raw
 * and qcow2 is reported whole.
 */
final class DiskMapper {
    private final ImportedDevices devices;

    DiskMapper(ImportedDevices devices) {
        this.devices = devices;
    }

    void map(TrackedElement disk) {
        String device = disk.attr("device").orElse("disk");
        String type = disk.attr("type").orElse("file");
        if (device.equals("cdrom")) {
            cdrom(disk, type);
            return;
        }
        if (!device.equals("disk") && !device.equals("lun")) {
            disk.leaveOut(Reason.NOT_SUPPORTED, "jqemu has no " + device + " drives");
            return;
        }
        if (!type.equals("file") && !type.equals("block")) {
            disk.leaveOut(Reason.NOT_SUPPORTED, "jqemu opens image files and host block devices only, not a "
                    + type + " source");
            return;
        }
        Optional<TrackedElement> driver = disk.child("driver");
        String format = driver.flatMap(d -> d.attr("type")).orElse("raw");
        if (!format.equals("raw") && !format.equals("qcow2")) {
            disk.leaveOut(Reason.NOT_SUPPORTED, "jqemu opens raw and qcow2 images only, not " + format);
            return;
        }
        disk.translated();
        TrackedElement source = disk.child("source")
                .orElseThrow(() -> disk.failAt("", "", "has no <source>: a disk needs an image file or block device"));
        String path = type.equals("file") ? source.attr("file").orElseThrow(() -> source.failAt("file", "", "is required"))
                : source.attr("dev").orElseThrow(() -> source.failAt("dev", "", "is required"));
        Disk.Builder b = type.equals("file") ? Disk.imageFile(path) : Disk.hostDevice(path);
        b.format(format.equals("qcow2") ? DiskFormat.QCOW2 : DiskFormat.RAW);
        driver.ifPresent(d -> driver(d, b));
        disk.child("readonly").ifPresent(r -> b.readOnly(true));
        disk.child("backingStore").filter(bs -> bs.has("type")).ifPresent(bs -> bs.leaveOut(Reason.NO_EFFECT,
                "QEMU follows the backing chain written in the image itself"));
        b.attachment(attachment(disk, device));
        disk.child("boot").ifPresent(boot -> {
            b.bootIndex((int) boot.number("order").orElseThrow(() -> boot.failAt("order", "", "is required")).longValue());
            devices.bootOrderSeen();
        });
        int position = devices.add(b.build());
        if (device.equals("disk") || device.equals("lun")) {
            devices.firstDisk(position);
        }
    }

    /**
     * A CD-ROM drive: an ISO image file or an empty drive, on sata/ide ({@code ide-cd}) or scsi
     * ({@code scsi-cd}); always read-only. A host's own drive ({@code type='block'}) or another bus is
     * reported whole.
     */
    private void cdrom(TrackedElement disk, String type) {
        String bus = disk.allChildren().stream().filter(t -> t.name().equals("target")).findFirst()
                .map(t -> t.peek("bus")).orElse("");
        if (!bus.equals("sata") && !bus.equals("ide") && !bus.equals("scsi")) {
            disk.leaveOut(Reason.NOT_SUPPORTED, "jqemu's CD-ROM drives are on sata, ide (ide-cd) or scsi (scsi-cd),"
                    + " not " + (bus.isEmpty() ? "an unnamed bus" : bus));
            return;
        }
        if (!type.equals("file")) {
            disk.leaveOut(Reason.NOT_SUPPORTED, "jqemu's CD-ROM drives take ISO image files, not a " + type + " source");
            return;
        }
        disk.translated();
        disk.child("driver").ifPresent(d -> {
            d.attr("name").filter(n -> !n.equals("qemu")).ifPresent(n -> {
                throw d.failAt("name", n, "is not a QEMU driver");
            });
            d.attr("type").filter(t -> !t.equals("raw")).ifPresent(t -> {
                throw d.failAt("type", t, "is not an ISO image's format (raw)");
            });
        });
        Optional<String> path = disk.child("source").flatMap(s -> s.attr("file"));
        disk.child("readonly");
        Cdrom.Builder b = path.map(Cdrom::medium).orElseGet(Cdrom::empty);
        switch (attachment(disk, "disk")) {
            case DiskAttachment.ScsiHd s -> b.scsiCd(s.controller(), s.target(), s.lun());
            case DiskAttachment.IdeHd i -> b.ideCd(i.port());
            default -> throw new IllegalStateException("bus " + bus + " gives no CD-ROM attachment");
        }
        disk.child("boot").ifPresent(boot -> {
            b.bootIndex((int) boot.number("order").orElseThrow(() -> boot.failAt("order", "", "is required")).longValue());
            devices.bootOrderSeen();
        });
        devices.firstCdrom(devices.add(b.build()));
    }

    private static void driver(TrackedElement d, Disk.Builder b) {
        d.attr("name").filter(n -> !n.equals("qemu")).ifPresent(n -> {
            throw d.failAt("name", n, "is not a QEMU driver");
        });
        d.attr("cache").ifPresent(c -> b.cache(switch (c) {
            case "none" -> CacheMode.NONE;
            case "writeback", "default" -> CacheMode.WRITEBACK;
            case "writethrough" -> CacheMode.WRITETHROUGH;
            case "directsync" -> CacheMode.DIRECTSYNC;
            case "unsafe" -> CacheMode.UNSAFE;
            default -> throw d.failAt("cache", c, "is not a libvirt cache mode");
        }));
        d.attr("io").ifPresent(io -> {
            switch (io) {
                case "native" -> b.aio(AioMode.NATIVE);
                case "threads" -> b.aio(AioMode.THREADS);
                case "io_uring" -> b.aio(AioMode.IO_URING);
                case "default" -> { }
                default -> throw d.failAt("io", io, "is not a libvirt io mode");
            }
        });
        d.attr("discard").ifPresent(v -> b.discard(switch (v) {
            case "unmap" -> DiscardMode.UNMAP;
            case "ignore", "default" -> DiscardMode.IGNORE;
            default -> throw d.failAt("discard", v, "is not a libvirt discard mode");
        }));
        d.attr("detect_zeroes").ifPresent(v -> b.detectZeroes(switch (v) {
            case "off", "default" -> DetectZeroes.OFF;
            case "on" -> DetectZeroes.ON;
            case "unmap" -> DetectZeroes.UNMAP;
            default -> throw d.failAt("detect_zeroes", v, "is not a libvirt detect_zeroes mode");
        }));
    }

    private DiskAttachment attachment(TrackedElement disk, String device) {
        TrackedElement target = disk.child("target").orElseThrow(() -> disk.failAt("", "", "has no <target>"));
        String bus = target.attr("bus").orElse("virtio");
        int nameIndex = target.attr("dev").map(DiskMapper::nameIndex).orElse(0);
        Optional<TrackedElement> address = disk.allChildren().stream().filter(a -> a.name().equals("address"))
                .findFirst();
        if (device.equals("lun") && !bus.equals("scsi")) {
            throw disk.failAt("device", device, "needs bus='scsi'");
        }
        return switch (bus) {
            case "virtio" -> new DiskAttachment.VirtioBlk();
            case "scsi" -> {
                long controller = nameIndex / 7;
                long scsiTarget = 0;
                long unit = nameIndex % 7;
                Optional<TrackedElement> drive = driveAddress(address);
                if (drive.isPresent()) {
                    controller = drive.get().number("controller").orElse(0L);
                    scsiTarget = drive.get().number("target").orElse(0L);
                    unit = drive.get().number("unit").orElse(0L);
                    requireBusZero(drive.get());
                }
                long libvirtController = controller;
                int position = devices.scsiControllerPosition(controller).orElseThrow(() -> disk.failAt("", "",
                        "is on SCSI controller " + libvirtController + ", which the domain does not define"));
                yield device.equals("lun") ? new DiskAttachment.ScsiBlock(position, (int) scsiTarget, (int) unit)
                        : new DiskAttachment.ScsiHd(position, (int) scsiTarget, (int) unit);
            }
            case "sata" -> {
                long controller = nameIndex / 6;
                long unit = nameIndex % 6;
                Optional<TrackedElement> drive = driveAddress(address);
                if (drive.isPresent()) {
                    controller = drive.get().number("controller").orElse(0L);
                    unit = drive.get().number("unit").orElse(0L);
                    requireBusZero(drive.get());
                    drive.get().attr("target").filter(t -> !t.equals("0")).ifPresent(t -> {
                        throw drive.get().failAt("target", t, "must be 0 on a SATA controller");
                    });
                }
                if (controller != 0) {
                    throw disk.failAt("", "", "is on SATA controller " + controller + "; jqemu has q35's built-in one only");
                }
                yield new DiskAttachment.IdeHd((int) unit);
            }
            case "ide" -> {
                long ideBus = (nameIndex % 4) / 2;
                long unit = nameIndex % 2;
                Optional<TrackedElement> drive = driveAddress(address);
                if (drive.isPresent()) {
                    drive.get().attr("controller").filter(c -> !c.equals("0")).ifPresent(c -> {
                        throw drive.get().failAt("controller", c, "must be 0: jqemu has one disk controller");
                    });
                    ideBus = drive.get().number("bus").orElse(0L);
                    unit = drive.get().number("unit").orElse(0L);
                    drive.get().attr("target");
                }
                yield new DiskAttachment.IdeHd((int) (ideBus * 2 + unit));
            }
            case "usb" -> {
                boolean removable = target.yesNo("removable").orElse(false);
                Optional<String> port = address.filter(a -> a.peek("type").equals("usb")).flatMap(a -> {
                    a.translated();
                    a.attr("type");
                    a.attr("bus").filter(x -> !x.equals("0")).ifPresent(x -> {
                        throw a.failAt("bus", x, "must be 0: jqemu has one USB controller");
                    });
                    return a.attr("port");
                });
                yield new DiskAttachment.UsbStorage(port, removable);
            }
            default -> throw target.failAt("bus", bus, "is not supported: jqemu attaches disks on virtio, scsi, "
                    + "sata, ide or usb");
        };
    }

    private static Optional<TrackedElement> driveAddress(Optional<TrackedElement> address) {
        return address.filter(a -> a.peek("type").equals("drive")).map(a -> {
            a.translated();
            a.attr("type");
            return a;
        });
    }

    private static void requireBusZero(TrackedElement drive) {
        drive.attr("bus").filter(x -> !x.equals("0")).ifPresent(x -> {
            throw drive.failAt("bus", x, "must be 0");
        });
    }

    /** libvirt's index of a disk name: {@code sda} 0, {@code sdz} 25, {@code sdaa} 26. */
    static int nameIndex(String dev) {
        String letters = dev.replaceFirst("^(sd|hd|vd|xvd|ubd|fd)", "");
        if (letters.isEmpty() || !letters.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return 0;
        }
        int index = 0;
        for (char c : letters.toCharArray()) {
            index = index * 26 + (c - 'a' + 1);
        }
        return index - 1;
    }
}
