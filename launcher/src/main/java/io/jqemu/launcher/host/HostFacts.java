package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What this host can do, decided from the kernel rather than guessed. The host-wide facts are read
 * once by {@link #probe}; facts about one device ({@link #virtualFunctionAddress}) are read when asked.
 */
public final class HostFacts {

    private static final String[] RUNNABLE_KVM = {"kvm_intel", "kvm_amd"};
    private static final String[] OTHER_KVM = {"kvm_pvm"};
    private static final String PCI_DEVICES = "/sys/bus/pci/devices/";

    private final HostRoot host;
    private final Optional<String> kvmModule;
    private final boolean kvmUsable;
    private final boolean vhostNetAvailable;
    private final boolean tunAvailable;
    private final boolean iommuEnabled;
    private final boolean vfioPciLoaded;

    private HostFacts(HostRoot host, Optional<String> kvmModule, boolean kvmUsable, boolean vhostNetAvailable,
                      boolean tunAvailable, boolean iommuEnabled, boolean vfioPciLoaded) {
        this.host = host;
        this.kvmModule = kvmModule;
        this.kvmUsable = kvmUsable;
        this.vhostNetAvailable = vhostNetAvailable;
        this.tunAvailable = tunAvailable;
        this.iommuEnabled = iommuEnabled;
        this.vfioPciLoaded = vfioPciLoaded;
    }

    /** Reads the facts from the host under {@code host}. */
    public static HostFacts probe(HostRoot host) {
        Objects.requireNonNull(host, "host");
        Optional<String> runnable = firstModule(host, RUNNABLE_KVM);
        Optional<String> module = runnable.or(() -> firstModule(host, OTHER_KVM));
        boolean devKvm = host.exists("/dev/kvm");
        boolean iommu = !host.list("/sys/kernel/iommu_groups").isEmpty()
                || !host.list("/sys/class/iommu").isEmpty();
        return new HostFacts(host, module, devKvm && runnable.isPresent(), host.exists("/dev/vhost-net"),
                host.exists("/dev/net/tun"), iommu, host.exists("/sys/bus/pci/drivers/vfio-pci"));
    }

    /**
     * The loaded KVM vendor module ({@code kvm_intel}, {@code kvm_amd}, {@code kvm_pvm}...), empty when
     * none is loaded.
     */
    public Optional<String> kvmModule() {
        return kvmModule;
    }

    /**
     * Whether {@code /dev/kvm} exists and is backed by {@code kvm_intel} or {@code kvm_amd}: only those
     * run a stock guest ({@code kvm_pvm} does not).
     */
    public boolean kvmUsable() {
        return kvmUsable;
    }

    /** Whether {@code /dev/vhost-net} exists. */
    public boolean vhostNetAvailable() {
        return vhostNetAvailable;
    }

    /** Whether {@code /dev/net/tun} exists. */
    public boolean tunAvailable() {
        return tunAvailable;
    }

    /**
     * Whether the kernel has IOMMU groups ({@code /sys/kernel/iommu_groups} is not empty) or an IOMMU in
     * {@code /sys/class/iommu}.
     */
    public boolean iommuEnabled() {
        return iommuEnabled;
    }

    /** Whether the {@code vfio-pci} driver is registered. */
    public boolean vfioPciLoaded() {
        return vfioPciLoaded;
    }

    /**
     * The host address virtual function {@code vfIndex} (0-based) of SR-IOV physical function {@code pf}
     * has, also before the functions are enabled: from the function's {@code virtfn<i>} link when it
     * exists, else computed from the physical function's {@code sriov_offset} and {@code sriov_stride}
     * (routing id {@code bus << 8 | slot << 3 | function}, plus offset, plus index times stride). A
     * device whose offset or stride changes with the number of enabled functions may place them
     * elsewhere once enabled; the host preparation compares the address again after enabling them.
     *
     * @return empty when {@code pf} does not exist, is not SR-IOV capable, has fewer than
     *         {@code vfIndex + 1} functions, or the address would leave the bus range
     */
    public Optional<PciAddress> virtualFunctionAddress(PciAddress pf, int vfIndex) {
        Objects.requireNonNull(pf, "pf");
        String dir = PCI_DEVICES + pf;
        Optional<Integer> total = intAttribute(dir + "/sriov_totalvfs");
        if (vfIndex < 0 || total.isEmpty() || vfIndex >= total.get()) {
            return Optional.empty();
        }
        Optional<PciAddress> enabled = host.linkName(dir + "/virtfn" + vfIndex).flatMap(PciAddress::parse);
        if (enabled.isPresent()) {
            return enabled;
        }
        Optional<Integer> offset = intAttribute(dir + "/sriov_offset");
        Optional<Integer> stride = intAttribute(dir + "/sriov_stride");
        if (offset.isEmpty() || stride.isEmpty()) {
            return Optional.empty();
        }
        int routingId = (pf.bus() << 8 | pf.slot() << 3 | pf.function()) + offset.get() + vfIndex * stride.get();
        if (routingId > 0xffff) {
            return Optional.empty();
        }
        return Optional.of(new PciAddress(pf.domain(), routingId >> 8, (routingId >> 3) & 0x1f, routingId & 7));
    }

    private Optional<Integer> intAttribute(String path) {
        try {
            return host.read(path).map(Integer::parseInt);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The host's huge page pools and hugetlbfs mounts, read now (they change while the host runs). */
    public HugePages hugePages() {
        return HugePages.read(host);
    }

    /** Whether accelerator {@code auto} means KVM (else TCG). */
    public boolean kvmForAuto() {
        return kvmUsable;
    }

    /** Whether vhost {@code auto} turns vhost-net on. */
    public boolean vhostForAuto() {
        return vhostNetAvailable;
    }

    /** Fails, naming the field, when an explicit {@code accel = kvm} cannot run a guest here. */
    public void requireKvm(String fieldPath) {
        if (!kvmUsable) {
            throw new HostException(fieldPath + " = kvm, but " + kvmProblem()
                    + "; use tcg or auto");
        }
    }

    /**
     * Fails, naming the field, when an explicit {@code vhost = on} cannot work here (QEMU 7.2
     * would abort with an assertion instead of an error).
     */
    public void requireVhost(String fieldPath) {
        if (!vhostNetAvailable) {
            throw new HostException(fieldPath + " = on, but /dev/vhost-net does not exist on this host"
                    + " (load the vhost_net module); use off or auto");
        }
    }

    /** Fails, naming the field, when PCI passthrough cannot work here. */
    public void requireVfio(String fieldPath) {
        if (!iommuEnabled) {
            throw new HostException(fieldPath + ": the host has no IOMMU enabled (no IOMMU groups in"
                    + " /sys/kernel/iommu_groups; enable VT-d/AMD-Vi and boot with intel_iommu=on)");
        }
        if (!vfioPciLoaded) {
            throw new HostException(fieldPath + ": the vfio-pci driver is not loaded"
                    + " (/sys/bus/pci/drivers/vfio-pci is missing; load the vfio-pci module)");
        }
    }

    /** One line per fact, for {@code jqemu check}. */
    public String describe() {
        return "kvm: " + (kvmUsable ? "usable (" + kvmModule.orElseThrow() + ")" : "not usable, " + kvmProblem()
                + "; accelerator auto uses tcg")
                + "\nvhost-net: " + (vhostNetAvailable ? "available" : "missing (/dev/vhost-net); vhost auto stays off")
                + "\ntun: " + (tunAvailable ? "available" : "missing (/dev/net/tun)")
                + "\niommu: " + (iommuEnabled ? "enabled" : "not enabled")
                + "\nvfio-pci: " + (vfioPciLoaded ? "loaded" : "not loaded")
                + "\nhuge pages: " + hugePages().describe().replace("\n", "; ");
    }

    /** The facts on one line, for logs. */
    @Override
    public String toString() {
        return describe().replace("\n", ", ");
    }

    private String kvmProblem() {
        return kvmModule.map(m -> "/dev/kvm is provided by " + m + ", which cannot run a stock guest")
                .orElse("no KVM module (kvm_intel or kvm_amd) is loaded");
    }

    private static Optional<String> firstModule(HostRoot host, String[] names) {
        for (String name : names) {
            if (host.exists("/sys/module/" + name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
