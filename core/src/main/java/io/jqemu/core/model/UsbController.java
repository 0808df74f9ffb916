package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;

import java.util.List;

/**
 * The machine's USB 3 controller ({@code qemu-xhci}, id {@code usb}, bus {@code usb.0}) and the
 * {@code usb-hub}s plugged into it.
 *
 * @param hubs hubs; the n-th has id {@code hub<n>}
 */
public record UsbController(List<UsbHub> hubs) implements Device {
    /** Copies the list. */
    public UsbController {
        hubs = List.copyOf(hubs);
    }

    @Override
    public String field() {
        return "usb";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public String idPrefix() {
        return "usb";
    }

    @Override
    public String defaultId(int index) {
        return "usb";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    /** The id of the {@code index}-th hub. */
    public static String hubId(int index) {
        return "hub" + index;
    }

    @Override
    public void validate(DeviceCheck check) {
        for (int i = 0; i < hubs.size(); i++) {
            String path = check.path() + ".hubs[" + i + "]";
            check.usbPort(path + ".port", hubs.get(i).port());
            check.claimId(path, hubId(i));
        }
    }

    @Override
    public void render(DeviceRendering out) {
        out.device("qemu-xhci", out.json().put("bus", out.rootPort()));
        for (int i = 0; i < hubs.size(); i++) {
            out.device("usb-hub", hubId(i), out.json().put("bus", DeviceRendering.USB_BUS).put("port", hubs.get(i).port()));
        }
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
