package io.jqemu.libvirt;

import java.util.Objects;

/**
 * One part of the domain XML the importer did not translate.
 *
 * @param xpath  where it is, e.g. {@code /domain/devices/sound[1]} or
 *               {@code /domain/devices/disk[2]/driver[1]/@iothread}; positions count siblings of
 *               the same name from 1, as XPath does
 * @param value  what it says: an attribute's value, or a one-line rendering of an element
 * @param reason which kind of omission this is
 * @param why    a sentence saying why it was left out
 */
public record ImportReport(String xpath, String value, Reason reason, String why) {

    /** Why a part of the domain XML was not translated. */
    public enum Reason {
        /** QEMU could do it, but jqemu's model cannot express it (yet): the imported VM differs. */
        NOT_SUPPORTED,
        /** It configures libvirt itself (aliases, security labels, its emulator path...), not QEMU. */
        LIBVIRT_ONLY,
        /** jqemu reaches the same QEMU result without it (a default, or a layout jqemu makes itself). */
        NO_EFFECT
    }

    /** Requires every part. */
    public ImportReport {
        Objects.requireNonNull(xpath, "xpath");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(why, "why");
    }

    /** Whether the imported VM differs from the libvirt one because of this part. */
    public boolean changesTheVm() {
        return reason == Reason.NOT_SUPPORTED;
    }

    /** One line: {@code XPATH='VALUE' (REASON): WHY}. */
    @Override
    public String toString() {
        return xpath + "='" + value + "' (" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "): " + why;
    }
}
