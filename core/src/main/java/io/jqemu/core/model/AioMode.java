package io.jqemu.core.model;

/** How QEMU submits disk I/O ({@code aio} of the file/host_device node). */
public enum AioMode {
    /** A thread pool (QEMU's default). */
    THREADS("threads"),
    /** Linux native AIO; needs cache mode NONE or DIRECTSYNC. */
    NATIVE("native"),
    /** io_uring. */
    IO_URING("io_uring");

    private final String qemuName;

    AioMode(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The QEMU value. */
    public String qemuName() {
        return qemuName;
    }
}
