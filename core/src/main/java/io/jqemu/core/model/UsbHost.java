package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A host USB device passed through with {@code usb-host}.
 *
 * @param selector which host device
 * @param port     the guest USB port, or empty to let QEMU choose
 * @param id       the device id; empty means {@code usbhost<index>}
 */
public record UsbHost(Selector selector, Optional<String> port, Optional<String> id) {

    /** Checks every part is present. */
    public UsbHost {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(id, "id");
    }

    /** The device with the given vendor and product ids, e.g. {@code 0x0781, 0x5567}. */
    public static UsbHost byIds(int vendorId, int productId) {
        return new UsbHost(new Selector.ByIds(vendorId, productId), Optional.empty(), Optional.empty());
    }

    /** The device at the given host bus and address (as in {@code lsusb}). */
    public static UsbHost byAddress(int hostBus, int hostAddress) {
        return new UsbHost(new Selector.ByAddress(hostBus, hostAddress), Optional.empty(), Optional.empty());
    }

    /** A copy with an explicit device id. */
    public UsbHost withId(String newId) {
        return new UsbHost(selector, port, Optional.of(newId));
    }

    /** How the host USB device is found. */
    public sealed interface Selector permits Selector.ByIds, Selector.ByAddress {
        /** By vendor and product id (each 0 to 0xffff). */
        record ByIds(int vendorId, int productId) implements Selector {
        }

        /** By host bus number and device address. */
        record ByAddress(int hostBus, int hostAddress) implements Selector {
        }
    }
}
