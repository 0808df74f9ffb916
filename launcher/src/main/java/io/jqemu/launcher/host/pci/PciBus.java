package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The host's PCI devices and IOMMU groups, read from {@code /sys/bus/pci} and {@code /sys/kernel/iommu_groups}. */
public final class PciBus {
    static final String DEVICES = "/sys/bus/pci/devices/";
    private final HostRoot host;

    /** Reads the PCI bus under {@code host}. */
    public PciBus(HostRoot host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The host this bus is read from. */
    public HostRoot host() {
        return host;
    }

    /** The device at {@code address}, or empty when no such device exists. */
    public Optional<PciDevice> find(PciAddress address) {
        String dir = DEVICES + address;
        if (!host.exists(dir)) {
            return Optional.empty();
        }
        String vendor = strip0x(host.read(dir + "/vendor").orElse("0x0000"));
        String device = strip0x(host.read(dir + "/device").orElse("0x0000"));
        int classCode = Integer.parseInt(strip0x(host.read(dir + "/class").orElse("0x000000")), 16);
        return Optional.of(new PciDevice(address, vendor, device, classCode, host.linkName(dir + "/driver")));
    }

    /** The device at {@code address}; the error names {@code fieldPath} when it does not exist. */
    public PciDevice require(String fieldPath, PciAddress address) {
        return find(address).orElseThrow(() -> new HostException(fieldPath + ": no PCI device " + address
                + " on this host (" + DEVICES + address + " does not exist)"));
    }

    /** The IOMMU group number of a device, empty when the device has none (no IOMMU). */
    public Optional<String> iommuGroup(PciAddress address) {
        return host.linkName(DEVICES + address + "/iommu_group");
    }

    /** The devices of IOMMU group {@code group}, sorted by address. */
    public List<PciDevice> groupMembers(String group) {
        return host.list("/sys/kernel/iommu_groups/" + group + "/devices").stream()
                .map(PciAddresses::ofSysfsName)
                .sorted(PciAddresses.ORDER)
                .map(a -> find(a).orElseThrow(() -> new HostException("IOMMU group " + group
                        + " lists " + a + ", which is missing from " + DEVICES)))
                .toList();
    }

    private static String strip0x(String value) {
        return value.startsWith("0x") ? value.substring(2) : value;
    }
}
