package io.jqemu.launcher.host.pci;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** SR-IOV virtual functions of a physical function, through {@code sriov_numvfs} and {@code virtfnN}. */
public final class SriovFunctions {
    private final PciBus bus;

    /** Manages virtual functions on {@code bus}. */
    public SriovFunctions(PciBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** How many virtual functions the device supports (0 when it is not SR-IOV capable). */
    public int totalVfs(PciAddress physicalFunction) {
        return intAttribute(physicalFunction, "sriov_totalvfs");
    }

    /** How many virtual functions are enabled now. */
    public int enabledVfs(PciAddress physicalFunction) {
        return intAttribute(physicalFunction, "sriov_numvfs");
    }

    /**
     * Enables {@code count} virtual functions (0 disables them). The kernel refuses to change a
     * non-zero count directly, so it goes through 0 first.
     *
     * @param fieldPath the configuration field, named in errors
     */
    public void enable(String fieldPath, PciAddress physicalFunction, int count) {
        bus.require(fieldPath, physicalFunction);
        int total = totalVfs(physicalFunction);
        if (count < 0 || count > total) {
            throw new HostException(fieldPath + ": " + physicalFunction + " supports " + total
                    + " virtual functions, asked for " + count);
        }
        int current = enabledVfs(physicalFunction);
        if (current == count) {
            return;
        }
        String attribute = PciBus.DEVICES + physicalFunction + "/sriov_numvfs";
        if (current != 0 && count != 0) {
            bus.host().write(attribute, "0");
        }
        bus.host().write(attribute, Integer.toString(count));
    }

    /** The enabled virtual functions, in {@code virtfnN} order. */
    public List<PciAddress> virtualFunctions(PciAddress physicalFunction) {
        HostRoot host = bus.host();
        String dir = PciBus.DEVICES + physicalFunction;
        return host.list(dir).stream()
                .filter(n -> n.matches("virtfn\\d+"))
                .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring("virtfn".length()))))
                .map(n -> host.linkName(dir + "/" + n).orElseThrow())
                .map(PciAddresses::ofSysfsName)
                .toList();
    }

    /** The address of virtual function {@code index}; the error names the field when it is not enabled. */
    public PciAddress virtualFunction(String fieldPath, PciAddress physicalFunction, int index) {
        List<PciAddress> vfs = virtualFunctions(physicalFunction);
        if (index < 0 || index >= vfs.size()) {
            throw new HostException(fieldPath + ": " + physicalFunction + " has " + vfs.size()
                    + " virtual functions enabled, no virtfn" + index);
        }
        return vfs.get(index);
    }

    private int intAttribute(PciAddress address, String name) {
        return bus.host().read(PciBus.DEVICES + address + "/" + name).map(Integer::parseInt).orElse(0);
    }
}
