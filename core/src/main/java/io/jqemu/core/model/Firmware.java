package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/** The guest firmware: SeaBIOS (legacy BIOS, QEMU's default) or OVMF (UEFI). */
public sealed interface Firmware permits Firmware.SeaBios, Firmware.Ovmf {

    /** SeaBIOS, built into QEMU. */
    static Firmware seaBios() {
        return new SeaBios();
    }

    /** OVMF with a read-only code image and a template the launcher copies into a per-VM vars file. */
    static Firmware ovmf(String codePath, String varsTemplatePath) {
        return new Ovmf(codePath, Optional.of(varsTemplatePath));
    }

    /** SeaBIOS. */
    record SeaBios() implements Firmware {
    }

    /**
     * UEFI firmware as two pflash devices.
     *
     * @param codePath     the read-only code image, e.g. {@code /usr/share/OVMF/OVMF_CODE_4M.fd}
     * @param varsTemplate the vars template the per-VM writable vars file is copied from; required
     *                     (validation rejects an OVMF machine without one)
     */
    record Ovmf(String codePath, Optional<String> varsTemplate) implements Firmware {
        /** Rejects a null code path or vars template; validation then requires the template. */
        public Ovmf {
            Objects.requireNonNull(codePath, "codePath");
            Objects.requireNonNull(varsTemplate, "varsTemplate");
        }
    }
}
