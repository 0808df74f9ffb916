package io.jqemu.core.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import java.util.Objects;
import java.util.Optional;

/**
 * A CD-ROM drive ({@code ide-cd} on q35's AHCI or {@code scsi-cd} on virtio-scsi), always read-only,
 * with or without a medium. The medium is one {@code file} block node named {@link #mediumNode}; a
 * drive without one still has a tray, so a medium can be inserted while the VM runs.
 *
 * @param path       the ISO image in the drive, or empty for an empty drive
 * @param attachment the device model and bus
 * @param bootIndex  the firmware boot index, or empty when not bootable
 * @param id         the QEMU device id; empty means {@code cd<index>}
 */
public record Cdrom(Optional<String> path, CdromAttachment attachment, Optional<Integer> bootIndex,
                    Optional<String> id) implements Device {
    /** Node names are at most 31 characters; live media are named {@code med<n>-<id>} with n up to 9999. */
    static final int MAX_ID = 22;

    /** Requires every part (the medium and boot index may be empty). */
    public Cdrom {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(attachment, "attachment");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String field() {
        return "cdroms";
    }

    @Override
    public String idPrefix() {
        return "cd";
    }

    @Override
    public boolean userIds() {
        return true;
    }

    /** The block node of the medium a drive with {@code id} starts with. */
    public static String mediumNode(String id) {
        return "med-" + id;
    }

    @Override
    public void validate(DeviceCheck check) {
        String path = check.path();
        this.path.ifPresent(p -> check.absolutePath(path + ".path", p));
        id.ifPresent(v -> check.qemuId(path + ".id", v, MAX_ID));
        bootIndex.ifPresent(b -> check.bootIndex(path + ".bootIndex", b));
        switch (attachment) {
            case CdromAttachment.IdeCd ide -> {
                check.range(path + ".attachment.port", ide.port(), 0, 5);
                check.claim("ahci port " + ide.port(), path + ".attachment", "AHCI port " + ide.port());
            }
            case CdromAttachment.ScsiCd s -> Disk.scsiAddress(check, s.controller(), s.target(), s.lun());
        }
    }

    @Override
    public void render(DeviceRendering out) {
        String id = out.id();
        ObjectNode dev = out.json();
        String driver = switch (attachment) {
            case CdromAttachment.IdeCd ide -> {
                dev.put("bus", "ide." + ide.port());
                yield "ide-cd";
            }
            case CdromAttachment.ScsiCd s -> {
                dev.put("bus", "scsi" + s.controller() + ".0").put("channel", 0).put("scsi-id", s.target())
                        .put("lun", s.lun());
                yield "scsi-cd";
            }
        };
        path.ifPresent(p -> {
            out.blockNode(mediumNode(id), mediumOptions(mediumNode(id), p));
            dev.put("drive", mediumNode(id));
            out.needs(new HostResource.ImageFile(p, HostResource.Access.READ_ONLY, out.field("path")));
        });
        out.device(driver, dev, bootIndex);
    }

    /** The options of a medium's block node: the ISO opened read-only with QEMU's {@code file} driver. */
    public static ObjectNode mediumOptions(String nodeName, String isoPath) {
        return JsonNodeFactory.instance.objectNode()
                .put("driver", "file")
                .put("filename", isoPath)
                .put("node-name", nodeName)
                .put("read-only", true);
    }

    /** A scsi-cd drive can be hot-plugged; an ide-cd drive cannot (QEMU's AHCI buses do not support it). */
    @Override
    public Optional<String> notHotpluggable() {
        return attachment instanceof CdromAttachment.IdeCd
                ? Optional.of("an ide-cd drive cannot be hot-plugged or unplugged (QEMU's AHCI buses do not support "
                        + "it); use a scsi-cd drive, or change the medium of the existing drive")
                : Optional.empty();
    }

    @Override
    public Cdrom withId(String newId) {
        return new Cdrom(path, attachment, bootIndex, Optional.of(newId));
    }

    /** Starts a drive holding the ISO image at {@code path}. */
    public static Builder medium(String path) {
        return new Builder(Optional.of(path));
    }

    /** Starts an empty drive (a medium can be inserted while the VM runs). */
    public static Builder empty() {
        return new Builder(Optional.empty());
    }

    /** Fluent builder for {@link Cdrom}; defaults: {@code ide-cd} on AHCI port 0, not bootable. */
    public static final class Builder {
        private final Optional<String> path;
        private CdromAttachment attachment = new CdromAttachment.IdeCd(0);
        private Optional<Integer> bootIndex = Optional.empty();
        private Optional<String> id = Optional.empty();

        private Builder(Optional<String> path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** Sets how the drive is attached. */
        public Builder attachment(CdromAttachment value) {
            this.attachment = Objects.requireNonNull(value);
            return this;
        }

        /** Attaches as {@code ide-cd} on AHCI port {@code port}. */
        public Builder ideCd(int port) {
            return attachment(new CdromAttachment.IdeCd(port));
        }

        /** Attaches as {@code scsi-cd} on virtio-scsi controller {@code controller}. */
        public Builder scsiCd(int controller, int target, int lun) {
            return attachment(new CdromAttachment.ScsiCd(controller, target, lun));
        }

        /** Sets the firmware boot index. */
        public Builder bootIndex(int value) {
            this.bootIndex = Optional.of(value);
            return this;
        }

        /** Sets an explicit device id (otherwise {@code cd<index>}). */
        public Builder id(String value) {
            this.id = Optional.of(value);
            return this;
        }

        /** Builds the drive (validated with the machine it joins). */
        public Cdrom build() {
            return new Cdrom(path, attachment, bootIndex, id);
        }
    }
}
