package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import java.util.Optional;

/** What every {@code vfio-pci} kind shares: its fixed guest address rules and its device options. */
final class PciPassthrough {
    private PciPassthrough() {
    }

    /** Checks and claims a fixed guest address on the root bus, reporting at {@code path}. */
    static void guestAddress(DeviceCheck check, String path, String text) {
        Optional<PciAddress> parsed = PciAddress.parse(text);
        if (parsed.isEmpty()) {
            check.add(path, DeviceCheck.quote(text) + " is not a PCI address (bb:ss.f, hex)");
            return;
        }
        PciAddress a = parsed.get();
        Machine m = check.machine();
        int rootPortSlots = PcieLayout.rootPortSlots(PcieLayout.rootPortCount(m));
        int lastRootPortSlot = PcieLayout.FIRST_ROOT_PORT_SLOT + rootPortSlots - 1;
        if (a.domain() != 0 || a.bus() != 0) {
            check.add(path, DeviceCheck.quote(text) + " is not on the root bus (domain 0000, bus 00)");
        } else if (a.slot() == 0 || a.slot() > PcieLayout.LAST_FREE_SLOT) {
            check.add(path, DeviceCheck.quote(text) + " uses slot " + a.slot() + ", reserved for the q35 chipset");
        } else if (a.slot() == PcieLayout.VIDEO_SLOT && m.display().vga().isPresent()) {
            check.add(path, DeviceCheck.quote(text) + " is already used by display.vga (slot 1)");
        } else if (a.slot() >= PcieLayout.FIRST_ROOT_PORT_SLOT && a.slot() <= lastRootPortSlot) {
            check.add(path, DeviceCheck.quote(text) + " is already used by the PCIe root ports (slots 0x"
                    + Integer.toHexString(PcieLayout.FIRST_ROOT_PORT_SLOT) + " to 0x"
                    + Integer.toHexString(lastRootPortSlot) + ")");
        } else {
            check.claim("pci " + a.slot() + "." + a.function(), path, "guest PCI address " + DeviceCheck.quote(text));
        }
    }

    /** The {@code vfio-pci} device for host function {@code host}. */
    static void render(DeviceRendering out, PciAddress host, Optional<String> guestAddress, boolean multifunction,
                       Optional<Boolean> rombar, boolean xVga, Optional<Integer> bootIndex) {
        var dev = out.json().put("host", host.toString());
        Optional<PciAddress> guest = guestAddress.flatMap(PciAddress::parse);
        if (guest.isPresent()) {
            dev.put("bus", PcieLayout.ROOT_BUS).put("addr", guest.get().qemuAddr());
        } else {
            dev.put("bus", out.rootPort());
        }
        if (multifunction) {
            dev.put("multifunction", true);
        }
        rombar.ifPresent(r -> dev.put("rombar", r ? 1 : 0));
        if (xVga) {
            dev.put("x-vga", true);
        }
        out.device("vfio-pci", dev, bootIndex);
    }
}
