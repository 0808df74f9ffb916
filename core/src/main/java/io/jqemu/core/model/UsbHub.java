package io.jqemu.core.model;

import java.util.Objects;

/**
 * A {@code usb-hub} on the xHCI bus.
 *
 * @param port the USB port it occupies, e.g. {@code 1} (or {@code 1.2} on another hub)
 */
public record UsbHub(String port) {
    /** Checks the port is present. */
    public UsbHub {
        Objects.requireNonNull(port, "port");
    }
}
