package io.jqemu.cli.config;

import io.jqemu.core.model.Cdrom;
import io.jqemu.core.model.CdromAttachment;
import java.util.Optional;

/** {@code [[cdroms]]}: CD-ROM drives, with an ISO image or empty. */
final class CdromTable implements DeviceTable<Cdrom> {
    @Override
    public Class<Cdrom> kind() {
        return Cdrom.class;
    }

    @Override
    public String key() {
        return "cdroms";
    }

    @Override
    public Optional<Cdrom> read(TomlTable t) {
        Cdrom.Builder b = t.string("path").map(Cdrom::medium).orElseGet(Cdrom::empty);
        boolean attachmentOk = true;
        if (t.has("attachment")) {
            Optional<CdromAttachment> attachment = t.table("attachment").flatMap(CdromTable::attachment);
            attachment.ifPresent(b::attachment);
            attachmentOk = attachment.isPresent();
        }
        t.integer("boot_index", 0, TomlValues.MAX_INT).ifPresent(i -> b.bootIndex(i.intValue()));
        t.string("id").ifPresent(b::id);
        t.finish();
        return attachmentOk ? Optional.of(b.build()) : Optional.empty();
    }

    private static Optional<CdromAttachment> attachment(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<CdromAttachment> attachment = switch (type.orElse("")) {
            case "ide-cd" -> Optional.of(new CdromAttachment.IdeCd(TomlValues.intOr(t, "port", 0)));
            case "scsi-cd" -> Optional.of(new CdromAttachment.ScsiCd(TomlValues.intOr(t, "controller", 0),
                    TomlValues.intOr(t, "target", 0), TomlValues.intOr(t, "lun", 0)));
            default -> TomlValues.unknownType(t, type, "ide-cd", "scsi-cd");
        };
        t.finish();
        return attachment;
    }

    @Override
    public void write(Cdrom cdrom, TomlOut out) {
        out.string("path", cdrom.path());
        if (!cdrom.attachment().equals(new CdromAttachment.IdeCd(0))) {
            TomlOut a = new TomlOut();
            switch (cdrom.attachment()) {
                case CdromAttachment.IdeCd i -> a.string("type", "ide-cd").integer("port", i.port());
                case CdromAttachment.ScsiCd c -> a.string("type", "scsi-cd").integer("controller", c.controller())
                        .integer("target", c.target()).integer("lun", c.lun());
            }
            out.inline("attachment", a);
        }
        out.integer("boot_index", cdrom.bootIndex());
        out.string("id", cdrom.id());
    }
}
