package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/** The guest firmware: SeaBIOS (legacy BIOS, QEMU's default) or OVMF (UEFI), optionally with Secure Boot. */
public sealed interface Firmware permits Firmware.SeaBios, Firmware.Ovmf {

    /** Debian's OVMF code image with Secure Boot and SMM (package {@code ovmf}). */
    String SECURE_BOOT_CODE = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd";
    /** Debian's OVMF vars template with Microsoft's keys enrolled and Secure Boot on. */
    String SECURE_BOOT_VARS = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd";

    /** SeaBIOS, built into QEMU. */
    static Firmware seaBios() {
        return new SeaBios();
    }

    /** OVMF with a read-only code image and a template the launcher copies into a per-VM vars file. */
    static Firmware ovmf(String codePath, String varsTemplatePath) {
        return new Ovmf(codePath, Optional.of(varsTemplatePath));
    }

    /**
     * OVMF with Secure Boot: Debian's SMM build ({@link #SECURE_BOOT_CODE}) and its vars template with
     * Microsoft's keys enrolled ({@link #SECURE_BOOT_VARS}), what Windows 11 and signed Linux installers boot.
     */
    static Firmware secureBoot() {
        return new Ovmf(SECURE_BOOT_CODE, Optional.of(SECURE_BOOT_VARS), true);
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
     * @param secureBoot   Secure Boot: the machine gets SMM ({@code smm=on}) and the pflash devices are
     *                     secure (only SMM code writes the vars), which an SMM build of OVMF
     *                     ({@code *.secboot.fd}) requires
     */
    record Ovmf(String codePath, Optional<String> varsTemplate, boolean secureBoot) implements Firmware {
        /** Rejects a null code path or vars template; validation then requires the template. */
        public Ovmf {
            Objects.requireNonNull(codePath, "codePath");
            Objects.requireNonNull(varsTemplate, "varsTemplate");
        }

        /** OVMF without Secure Boot. */
        public Ovmf(String codePath, Optional<String> varsTemplate) {
            this(codePath, varsTemplate, false);
        }
    }
}
