package io.jqemu.core.model;

/** Whether QEMU detects writes of zeroes and turns them into zero writes or discards. */
public enum DetectZeroes {
    /** No detection (QEMU's default). */
    OFF("off"),
    /** Zero writes become write-zeroes requests. */
    ON("on"),
    /** Zero writes become discards when discard is UNMAP. */
    UNMAP("unmap");

    private final String qemuName;

    DetectZeroes(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The QEMU value. */
    public String qemuName() {
        return qemuName;
    }
}
