package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a PCI device to {@code vfio-pci} and gives it back, in libvirt's managed-hostdev
 * sequence: {@code driver_override}, unbind, {@code drivers_probe}, verify; on release clear
 * {@code driver_override}, unbind from vfio-pci, {@code drivers_probe}. Check the group with
 * {@link VfioGroupInspector} first.
 */
public final class VfioBinder {
    private static final Logger LOG = LoggerFactory.getLogger(VfioBinder.class);
    private final PciBus bus;

    /** Binds devices of {@code bus}. */
    public VfioBinder(PciBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /**
     * Binds the device to vfio-pci (nothing happens when it already is).
     *
     * @param fieldPath the configuration field, named in errors
     * @param address   the device
     */
    public void bind(String fieldPath, PciAddress address) {
        PciDevice device = bus.require(fieldPath, address);
        if (device.driver().filter(VfioGroupInspector.VFIO_PCI::equals).isPresent()) {
            return;
        }
        HostRoot host = bus.host();
        String dir = PciBus.DEVICES + address;
        host.write(dir + "/driver_override", VfioGroupInspector.VFIO_PCI);
        if (device.driver().isPresent()) {
            host.write(dir + "/driver/unbind", address.toString());
        }
        host.write("/sys/bus/pci/drivers_probe", address.toString());
        Optional<String> now = bus.find(address).flatMap(PciDevice::driver);
        if (now.filter(VfioGroupInspector.VFIO_PCI::equals).isEmpty()) {
            throw new HostException(fieldPath + ": " + address + " did not bind to vfio-pci (bound to "
                    + now.orElse("no driver") + " after drivers_probe)");
        }
        LOG.info("{} bound to vfio-pci (was {})", address, device.driver().orElse("unbound"));
    }

    /**
     * Gives the device back to the host; safe to repeat, and a device that has disappeared (a
     * virtual function whose physical function dropped it) is skipped.
     *
     * @param address        the device
     * @param originalDriver the driver it had before {@link #bind}, empty when it had none
     * @return whether the device now has its original driver again (or no longer exists)
     */
    public boolean restore(PciAddress address, Optional<String> originalDriver) {
        Optional<PciDevice> device = bus.find(address);
        if (device.isEmpty()) {
            return true;
        }
        HostRoot host = bus.host();
        String dir = PciBus.DEVICES + address;
        if (host.read(dir + "/driver_override").filter(v -> !v.isEmpty() && !v.equals("(null)")).isPresent()) {
            host.write(dir + "/driver_override", "\n");
        }
        if (device.get().driver().equals(originalDriver)) {
            return true;
        }
        if (device.get().driver().isPresent()) {
            host.write(dir + "/driver/unbind", address.toString());
        }
        host.write("/sys/bus/pci/drivers_probe", address.toString());
        Optional<String> now = bus.find(address).flatMap(PciDevice::driver);
        boolean restored = now.equals(originalDriver);
        if (!restored) {
            LOG.warn("{} is bound to {} after release, expected {}", address, now.orElse("no driver"),
                    originalDriver.orElse("no driver"));
        }
        return restored;
    }
}
