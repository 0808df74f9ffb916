package io.jqemu.core.model;

/** Whether guest discard (TRIM/UNMAP) requests reach the host. */
public enum DiscardMode {
    /** Discards are ignored (QEMU's default). */
    IGNORE("ignore"),
    /** Discards are passed down to the host file or device. */
    UNMAP("unmap");

    private final String qemuName;

    DiscardMode(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The QEMU value. */
    public String qemuName() {
        return qemuName;
    }
}
