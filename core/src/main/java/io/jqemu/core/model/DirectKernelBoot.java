package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Boots a kernel image straight from host files instead of from a disk: QEMU loads the kernel (and
 * the initial ramdisk) into guest memory itself ({@code -kernel}, {@code -initrd}, {@code -append}).
 * Works with SeaBIOS (a bzImage or an uncompressed PVH {@code vmlinux}) and with OVMF (a bzImage).
 * An initrd or command line cannot exist without a kernel: they are parts of this record.
 *
 * @param kernel  absolute host path of the kernel image
 * @param initrd  absolute host path of the initial ramdisk; must not contain a comma (QEMU reads the
 *                value as a comma-separated module list when the kernel is a multiboot image)
 * @param cmdline the kernel command line, passed verbatim as one argument (no shell, no quoting);
 *                printable text only: no control characters such as newline or NUL
 */
public record DirectKernelBoot(String kernel, Optional<String> initrd, Optional<String> cmdline) {

    /** Rejects a null kernel, initrd or command line; a missing initrd or command line is empty. */
    public DirectKernelBoot {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
    }

    /** A kernel alone: no initrd, no command line. */
    public static DirectKernelBoot kernel(String kernel) {
        return new DirectKernelBoot(kernel, Optional.empty(), Optional.empty());
    }

    /** This boot with {@code path} as the initial ramdisk. */
    public DirectKernelBoot withInitrd(String path) {
        return new DirectKernelBoot(kernel, Optional.of(path), cmdline);
    }

    /** This boot with {@code value} as the kernel command line. */
    public DirectKernelBoot withCmdline(String value) {
        return new DirectKernelBoot(kernel, initrd, Optional.of(value));
    }
}
