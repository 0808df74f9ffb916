package io.jqemu.core.model;

/** The image format layered over the disk source. */
public enum DiskFormat {
    /** Raw bytes. */
    RAW("raw"),
    /** QEMU copy-on-write v2. */
    QCOW2("qcow2");

    private final String qemuName;

    DiskFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The QEMU block driver name. */
    public String qemuName() {
        return qemuName;
    }
}
