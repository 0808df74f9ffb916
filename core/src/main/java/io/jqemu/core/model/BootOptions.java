package io.jqemu.core.model;

/**
 * Firmware boot options ({@code -boot}); the boot order itself is the per-device boot index.
 *
 * @param menu   show the firmware boot menu
 * @param strict boot only from devices that have a boot index
 */
public record BootOptions(boolean menu, boolean strict) {
    /** No menu, not strict. */
    public static final BootOptions DEFAULT = new BootOptions(false, false);
}
