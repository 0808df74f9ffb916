package io.jqemu.launcher.host;

import java.util.Optional;

/**
 * What this host can do, decided from the kernel rather than guessed.
 *
 * @param kvmModule        the loaded KVM vendor module ({@code kvm_intel}, {@code kvm_amd},
 *                         {@code kvm_pvm}...), empty when none is loaded
 * @param kvmUsable        {@code /dev/kvm} exists and is backed by {@code kvm_intel} or
 *                         {@code kvm_amd}: only those run a stock guest ({@code kvm_pvm} does not)
 * @param vhostNetAvailable {@code /dev/vhost-net} exists
 * @param tunAvailable     {@code /dev/net/tun} exists
 * @param iommuEnabled     the kernel has IOMMU groups ({@code /sys/kernel/iommu_groups} is not
 *                         empty) or an IOMMU in {@code /sys/class/iommu}
 * @param vfioPciLoaded    the {@code vfio-pci} driver is registered
 */
public record HostFacts(Optional<String> kvmModule, boolean kvmUsable, boolean vhostNetAvailable,
                        boolean tunAvailable, boolean iommuEnabled, boolean vfioPciLoaded) {

    private static final String[] RUNNABLE_KVM = {"kvm_intel", "kvm_amd"};
    private static final String[] OTHER_KVM = {"kvm_pvm"};

    /** Reads the facts from the host under {@code host}. */
    public static HostFacts probe(HostRoot host) {
        Optional<String> runnable = firstModule(host, RUNNABLE_KVM);
        Optional<String> module = runnable.or(() -> firstModule(host, OTHER_KVM));
        boolean devKvm = host.exists("/dev/kvm");
        boolean iommu = !host.list("/sys/kernel/iommu_groups").isEmpty()
                || !host.list("/sys/class/iommu").isEmpty();
        return new HostFacts(module, devKvm && runnable.isPresent(), host.exists("/dev/vhost-net"),
                host.exists("/dev/net/tun"), iommu, host.exists("/sys/bus/pci/drivers/vfio-pci"));
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
                + "\nvfio-pci: " + (vfioPciLoaded ? "loaded" : "not loaded");
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
