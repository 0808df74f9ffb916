package io.jqemu.core.model;

import java.util.List;

/**
 * The machine's USB 3 controller ({@code qemu-xhci}, id {@code usb}, bus {@code usb.0}) and the
 * {@code usb-hub}s plugged into it.
 *
 * @param hubs hubs; the n-th has id {@code hub<n>}
 */
public record UsbController(List<UsbHub> hubs) {
    /** Copies the list. */
    public UsbController {
        hubs = List.copyOf(hubs);
    }

    /** A {@code qemu-xhci} controller without hubs. */
    public static UsbController xhci() {
        return new UsbController(List.of());
    }

    /** A {@code qemu-xhci} controller with the given hubs. */
    public static UsbController xhci(UsbHub... hubs) {
        return new UsbController(List.of(hubs));
    }
}
