package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.model.MacvtapMode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing a VM needs from the host, named by the configuration field it comes from. The
 * launcher turns the machine's host resources into a list of these for {@link HostPreparation}.
 */
public sealed interface HostRequirement {

    /** The configuration field this requirement comes from, e.g. {@code disks[1].path}. */
    String fieldPath();

    /**
     * A file, block device, device node or directory that must exist with the right access.
     *
     * @param fieldPath the configuration field
     * @param path      the host path
     * @param kind      what it must be
     * @param writable  whether the VM writes to it
     */
    record ExistingPath(String fieldPath, Path path, HostPathCheck.Kind kind, boolean writable)
            implements HostRequirement {
        /** Checks the parts are present. */
        public ExistingPath {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The VM's own OVMF vars file, copied from {@code template} on the first run and kept.
     *
     * @param fieldPath the configuration field naming the template
     * @param template  the vars template, e.g. {@code /usr/share/OVMF/OVMF_VARS_4M.fd}
     * @param target    the VM's vars file, normally {@link VmPaths#ovmfVars()}
     */
    record OvmfVars(String fieldPath, Path template, Path target) implements HostRequirement {
        /** Checks the parts are present. */
        public OvmfVars {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * A network interface that must already exist (a tap QEMU opens by name).
     *
     * @param fieldPath the configuration field
     * @param name      the interface name
     */
    record ExistingInterface(String fieldPath, String name) implements HostRequirement {
        /** Checks the parts are present. */
        public ExistingInterface {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A unix socket QEMU listens on: the path must fit in {@code sun_path}, its directory must
     * exist, and a stale socket left there is removed.
     *
     * @param fieldPath the configuration field
     * @param path      the socket path
     */
    record ListeningSocket(String fieldPath, Path path) implements HostRequirement {
        /** Checks the parts are present. */
        public ListeningSocket {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A host USB device QEMU opens with {@code usb-host}, found in {@code /sys/bus/usb/devices}.
     *
     * @param fieldPath the configuration field
     * @param match     {@code vendor:product} ids ({@code 046d:c52b}) or {@code bus/address} ({@code 1/4})
     */
    record UsbDevice(String fieldPath, String match) implements HostRequirement {
        /** Checks the parts are present. */
        public UsbDevice {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(match, "match");
        }
    }

    /**
     * KVM asked for explicitly: fails before start when it cannot run a guest here.
     *
     * @param fieldPath the configuration field
     */
    record Kvm(String fieldPath) implements HostRequirement {
    }

    /**
     * vhost-net asked for explicitly ({@code vhost = on}): fails before start without {@code /dev/vhost-net}.
     *
     * @param fieldPath the configuration field
     */
    record VhostNet(String fieldPath) implements HostRequirement {
    }

    /**
     * A persistent tap the launcher creates, brings up and adds to a bridge; removed on release.
     *
     * @param fieldPath the configuration field of the NIC
     * @param tap       the tap name (at most 15 bytes)
     * @param bridge    the existing host bridge
     */
    record BridgedTap(String fieldPath, String tap, String bridge) implements HostRequirement {
        /** Checks the parts are present. */
        public BridgedTap {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(tap, "tap");
            Objects.requireNonNull(bridge, "bridge");
        }
    }

    /**
     * A macvtap the launcher creates on {@code parent} with the guest's MAC and removes on release;
     * the launcher opens its {@code /dev/tapN} for QEMU.
     *
     * @param fieldPath the configuration field of the NIC
     * @param name      the macvtap name (at most 15 bytes)
     * @param parent    the host link it sits on
     * @param mode      the macvtap mode
     * @param mac       the guest's MAC address
     */
    record Macvtap(String fieldPath, String name, String parent, MacvtapMode mode, String mac)
            implements HostRequirement {
        /** Checks the parts are present. */
        public Macvtap {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(mac, "mac");
        }
    }

    /**
     * A PCI device bound to vfio-pci for passthrough (its whole IOMMU group checked first) and
     * given back to its original driver on release.
     *
     * @param fieldPath the configuration field
     * @param address   the host device
     */
    record VfioDevice(String fieldPath, PciAddress address) implements HostRequirement {
        /** Checks the parts are present. */
        public VfioDevice {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * An SR-IOV virtual function passed through: {@code enabledVfs} functions are enabled on the
     * physical function (restored on release), then {@code virtfn<index>} is bound to vfio-pci.
     *
     * @param fieldPath        the configuration field
     * @param physicalFunction the SR-IOV capable device
     * @param enabledVfs       how many virtual functions to enable
     * @param index            which virtual function to pass
     */
    record SriovVirtualFunction(String fieldPath, PciAddress physicalFunction, int enabledVfs, int index)
            implements HostRequirement {
        /** Checks the parts are present and the index is below the count. */
        public SriovVirtualFunction {
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(physicalFunction, "physicalFunction");
            if (index < 0 || index >= enabledVfs) {
                throw new HostException(fieldPath + ": virtual function " + index + " is not among the "
                        + enabledVfs + " enabled");
            }
        }
    }
}
