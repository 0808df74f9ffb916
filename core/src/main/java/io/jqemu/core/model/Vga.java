package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The emulated graphics card (id {@code video0}, root bus slot 1).
 *
 * @param model         the card
 * @param vgaMemoryMib  VGA memory in MiB ({@code vgamem_mb}); not for virtio
 */
public record Vga(Model model, Optional<Integer> vgaMemoryMib) {
    /** Refuses null components; the exception names the component. */
    public Vga {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vgaMemoryMib, "vgaMemoryMib");
    }

    /** A card with its default memory. */
    public static Vga of(Model model) {
        return new Vga(model, Optional.empty());
    }

    /** A card with {@code mib} MiB of VGA memory. */
    public static Vga of(Model model, int mib) {
        return new Vga(model, Optional.of(mib));
    }

    /** The graphics card models. */
    public enum Model {
        /** Bochs standard VGA. */
        STD("VGA", true),
        /** virtio-gpu with VGA compatibility. */
        VIRTIO("virtio-vga", false),
        /** VMware SVGA II. */
        VMWARE_SVGA("vmware-svga", true),
        /** SPICE QXL. */
        QXL("qxl-vga", true);

        private final String qemuDriver;
        private final boolean hasVgaMemory;

        Model(String qemuDriver, boolean hasVgaMemory) {
            this.qemuDriver = qemuDriver;
            this.hasVgaMemory = hasVgaMemory;
        }

        /** The QEMU device driver name. */
        public String qemuDriver() {
            return qemuDriver;
        }

        /** Whether the card has a {@code vgamem_mb} property. */
        public boolean hasVgaMemory() {
            return hasVgaMemory;
        }
    }
}
