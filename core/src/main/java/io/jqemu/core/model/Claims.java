package io.jqemu.core.model;

import java.util.HashMap;
import java.util.Map;

/**
 * What one machine's devices have taken so far (ids, boot indexes, bus addresses, MACs); a second
 * claim on the same thing is a violation naming the first owner. Also the USB rules every USB device
 * shares: a controller must exist, and a port behind a hub needs that hub.
 */
final class Claims {
    private final Machine m;
    private final FieldChecks check;
    private final Map<String, String> ids = new HashMap<>();
    private final Map<Integer, String> bootIndexes = new HashMap<>();
    private final Map<String, String> busAddresses = new HashMap<>();
    private final Map<String, String> macs = new HashMap<>();

    Claims(Machine machine, FieldChecks check) {
        this.m = machine;
        this.check = check;
    }

    void mac(String path, String mac) {
        String previous = macs.putIfAbsent(mac.toLowerCase(), path);
        if (previous != null) {
            check.add(path, FieldChecks.quote(mac) + " is already used by " + previous);
        }
    }

    void needsUsb(String path, String what) {
        if (m.usb().isEmpty()) {
            check.add(path, what + " needs a USB controller; the machine has none (add usb = qemu-xhci)");
        }
    }

    void usbPort(String path, String port) {
        if (!check.usbPort(path, port)) {
            return;
        }
        int dot = port.lastIndexOf('.');
        if (dot > 0) {
            String hubPort = port.substring(0, dot);
            boolean hubThere = m.usb().map(u -> u.hubs().stream().anyMatch(h -> h.port().equals(hubPort))).orElse(false);
            if (!hubThere) {
                check.add(path, "USB port " + port + " needs a usb-hub at port " + hubPort);
            }
        }
        bus("usb " + port, path, "USB port " + port);
    }

    void bootIndex(String path, int index) {
        if (index < 0) {
            check.add(path, index + " is negative");
            return;
        }
        String previous = bootIndexes.putIfAbsent(index, path);
        if (previous != null) {
            check.add(path, "boot index " + index + " is already used by " + previous);
        }
    }

    void id(String path, String id) {
        String previous = ids.putIfAbsent(id, path);
        if (previous != null) {
            check.add(path + ".id", "device id " + FieldChecks.quote(id) + " is already used by " + previous);
        }
    }

    void bus(String key, String path, String description) {
        String previous = busAddresses.putIfAbsent(key, path);
        if (previous != null) {
            check.add(path, description + " is already used by " + previous);
        }
    }
}
