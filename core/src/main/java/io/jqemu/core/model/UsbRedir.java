package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A USB device redirected over TCP from a remote {@code usbredirserver} ({@code usb-redir}).
 *
 * @param host    the server's host name or IP address
 * @param port    the server's TCP port
 * @param usbPort the guest USB port, or empty to let QEMU choose
 */
public record UsbRedir(String host, int port, Optional<String> usbPort) {
    /** Checks every part is present. */
    public UsbRedir {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(usbPort, "usbPort");
    }

    /** Redirection from {@code host:port}. */
    public static UsbRedir of(String host, int port) {
        return new UsbRedir(host, port, Optional.empty());
    }
}
