package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;

import java.util.Objects;
import java.util.Optional;

/**
 * A host USB device passed through with {@code usb-host}.
 *
 * @param selector which host device
 * @param port     the guest USB port, or empty to let QEMU choose
 * @param id       the device id; empty means {@code usbhost<index>}
 */
public record UsbHost(Selector selector, Optional<String> port, Optional<String> id) implements Device {

    /** Refuses null components; the exception names the component. */
    public UsbHost {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String field() {
        return "usbHostDevices";
    }

    @Override
    public String idPrefix() {
        return "usbhost";
    }

    @Override
    public boolean userIds() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
        String path = check.path();
        id.ifPresent(x -> check.qemuId(path + ".id", x, 32));
        check.needsUsb(path, "usb-host");
        switch (selector) {
            case Selector.ByIds ids -> {
                check.range(path + ".selector.vendorId", ids.vendorId(), 0, 0xffff);
                check.range(path + ".selector.productId", ids.productId(), 0, 0xffff);
            }
            case Selector.ByAddress a -> {
                check.range(path + ".selector.hostBus", a.hostBus(), 1, 255);
                check.range(path + ".selector.hostAddress", a.hostAddress(), 1, 127);
            }
        }
        port.ifPresent(p -> check.usbPort(path + ".port", p));
    }

    @Override
    public void render(DeviceRendering out) {
        var dev = out.json().put("bus", DeviceRendering.USB_BUS);
        port.ifPresent(p -> dev.put("port", p));
        switch (selector) {
            case Selector.ByIds ids -> dev.put("vendorid", ids.vendorId()).put("productid", ids.productId());
            case Selector.ByAddress a -> dev.put("hostbus", a.hostBus()).put("hostaddr", a.hostAddress());
        }
        out.device("usb-host", dev);
        out.needs(new HostResource.UsbHostDevice(selector, out.path()));
    }

    @Override
    public Optional<String> notHotpluggable() {
        return Optional.empty();
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
