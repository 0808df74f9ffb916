package io.jqemu.core.model;

import java.util.Optional;

/** Rules for pass-through and redirection: vfio-pci host and guest addresses, usb-host, usb-redir. */
record PassthroughRules(Machine m, FieldChecks check, Claims claims) {
    void vfio(String path, VfioPci v, String id) {
        v.id().ifPresent(x -> check.qemuId(path + ".id", x, 32));
        claims.id(path, id);
        if (PciAddress.parse(v.hostAddress()).isEmpty()) {
            check.add(path + ".hostAddress", FieldChecks.quote(v.hostAddress())
                    + " is not a PCI address (dddd:bb:ss.f or bb:ss.f, hex)");
        }
        v.bootIndex().ifPresent(b -> claims.bootIndex(path + ".bootIndex", b));
        v.guestAddress().ifPresent(text -> {
            Optional<PciAddress> parsed = PciAddress.parse(text);
            if (parsed.isEmpty()) {
                check.add(path + ".guestAddress", FieldChecks.quote(text) + " is not a PCI address (bb:ss.f, hex)");
                return;
            }
            guestSlot(path + ".guestAddress", text, parsed.get());
        });
    }

    private void guestSlot(String path, String text, PciAddress a) {
        int rootPortSlots = PcieLayout.rootPortSlots(PcieLayout.rootPortCount(m));
        int lastRootPortSlot = PcieLayout.FIRST_ROOT_PORT_SLOT + rootPortSlots - 1;
        if (a.domain() != 0 || a.bus() != 0) {
            check.add(path, FieldChecks.quote(text) + " is not on the root bus (domain 0000, bus 00)");
        } else if (a.slot() == 0 || a.slot() > PcieLayout.LAST_FREE_SLOT) {
            check.add(path, FieldChecks.quote(text) + " uses slot " + a.slot() + ", reserved for the q35 chipset");
        } else if (a.slot() == PcieLayout.VIDEO_SLOT && m.display().vga().isPresent()) {
            check.add(path, FieldChecks.quote(text) + " is already used by display.vga (slot 1)");
        } else if (a.slot() >= PcieLayout.FIRST_ROOT_PORT_SLOT && a.slot() <= lastRootPortSlot) {
            check.add(path, FieldChecks.quote(text) + " is already used by the PCIe root ports (slots 0x"
                    + Integer.toHexString(PcieLayout.FIRST_ROOT_PORT_SLOT) + " to 0x" + Integer.toHexString(lastRootPortSlot) + ")");
        } else {
            claims.bus("pci " + a.slot() + "." + a.function(), path, "guest PCI address " + FieldChecks.quote(text));
        }
    }

    void usbHost(String path, UsbHost u, String id) {
        u.id().ifPresent(x -> check.qemuId(path + ".id", x, 32));
        claims.id(path, id);
        claims.needsUsb(path, "usb-host");
        switch (u.selector()) {
            case UsbHost.Selector.ByIds ids -> {
                check.range(path + ".selector.vendorId", ids.vendorId(), 0, 0xffff);
                check.range(path + ".selector.productId", ids.productId(), 0, 0xffff);
            }
            case UsbHost.Selector.ByAddress a -> {
                check.range(path + ".selector.hostBus", a.hostBus(), 1, 255);
                check.range(path + ".selector.hostAddress", a.hostAddress(), 1, 127);
            }
        }
        u.port().ifPresent(p -> claims.usbPort(path + ".port", p));
    }

    void usbRedir(String path, UsbRedir r) {
        claims.needsUsb(path, "usb-redir");
        check.host(path + ".host", r.host());
        check.tcpPort(path + ".port", r.port());
        r.usbPort().ifPresent(p -> claims.usbPort(path + ".usbPort", p));
    }
}
