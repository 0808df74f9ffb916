package io.jqemu.qmp;

import java.util.List;

/**
 * The greeting QEMU sends when a QMP connection opens.
 *
 * @param version the QEMU version
 * @param capabilities the capabilities QEMU offers, e.g. {@code oob}
 */
public record QmpGreeting(QemuVersion version, List<String> capabilities) {
    /** Copies the capability list. */
    public QmpGreeting {
        capabilities = List.copyOf(capabilities);
    }

    /** {@return whether QEMU offers out-of-band execution} */
    public boolean offersOob() {
        return capabilities.contains("oob");
    }
}
