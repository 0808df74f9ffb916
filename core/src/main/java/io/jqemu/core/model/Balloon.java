package io.jqemu.core.model;

/**
 * A {@code virtio-balloon-pci} device (id {@code balloon0}).
 *
 * @param deflateOnOom      let the guest take memory back from the balloon when it runs out
 * @param freePageReporting let the guest report free pages to the host
 */
public record Balloon(boolean deflateOnOom, boolean freePageReporting) {
    /** A balloon with both options off. */
    public static final Balloon DEFAULT = new Balloon(false, false);
}
