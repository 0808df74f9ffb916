package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import java.util.Optional;

/**
 * A host PCI device as sysfs describes it.
 *
 * @param address   its address
 * @param vendor    vendor id, e.g. {@code 8086}
 * @param device    device id, e.g. {@code 10ed}
 * @param classCode the 24-bit class code, e.g. {@code 0x060400} for a PCI bridge
 * @param driver    the bound driver, empty when none is bound
 */
public record PciDevice(PciAddress address, String vendor, String device, int classCode, Optional<String> driver) {

    /** Whether this is a PCI-to-PCI bridge (class 0x0604), which may stay with the host in a passed group. */
    public boolean isBridge() {
        return (classCode >> 8) == 0x0604;
    }

    /** {@code vendor:device}. */
    public String ids() {
        return vendor + ":" + device;
    }

    /** One line naming the device: address, ids, class and driver. */
    public String describe() {
        return address + " [" + ids() + "] class " + String.format("%06x", classCode)
                + " driver " + driver.orElse("(none)");
    }
}
