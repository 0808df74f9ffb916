package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.PciDevice;
import io.jqemu.launcher.host.pci.VfioBinder;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import io.jqemu.launcher.host.pci.VfioGroupReport;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A host PCI device passed through with vfio-pci, the way libvirt's managed hostdev does it: the
 * whole IOMMU group is checked (every member bound to vfio-pci, unbound, a bridge, or passed by this
 * VM too; nobody holding the group open) before anything is written, then the device is bound,
 * journaled as {@link HostChange.VfioBound} with its original driver, which the undo restores.
 * The SR-IOV handler passes its virtual functions through this same code.
 */
final class VfioDeviceHandler implements NeedHandler<HostResource.VfioDevice> {
    private static final String VFIO_PCI = "vfio-pci";
    private final PciBus bus;

    VfioDeviceHandler(PciBus bus) {
        this.bus = bus;
    }

    @Override
    public Stage stage() {
        return Stage.PASSTHROUGH;
    }

    @Override
    public Optional<PciAddress> passthroughAddress(HostResource.VfioDevice need) {
        return Optional.of(need.hostAddress());
    }

    @Override
    public void check(HostResource.VfioDevice need, Inspection inspection) {
        checkPassthrough(need.fieldPath(), need.hostAddress(), inspection);
    }

    /**
     * The checks of a device to pass through: it exists, its whole IOMMU group can be given away, and
     * the host has an IOMMU and vfio-pci.
     */
    void checkPassthrough(String fieldPath, PciAddress device, Inspection inspection) {
        boolean present = inspection.verify(fieldPath, () -> bus.require(fieldPath, device));
        if (present && inspection.facts().iommuEnabled()) {
            inspection.verify(fieldPath, () -> requirePassable(fieldPath, device, inspection.passedThrough()));
        }
        inspection.facts().requireVfio(fieldPath);
    }

    @Override
    public void apply(HostResource.VfioDevice need, Application application) {
        application.claimPassthrough(need.fieldPath(), need.hostAddress());
    }

    /**
     * Binds every device claimed for passthrough: first checks the IOMMU group of each (nothing is
     * written when one fails), then binds each, journaling the binding before making it.
     */
    void bindClaimed(Application application) {
        Map<String, PciAddress> claimed = application.passthrough();
        Set<PciAddress> passed = new HashSet<>(claimed.values());
        claimed.forEach((field, device) -> requirePassable(field, device, passed));
        VfioBinder binder = new VfioBinder(bus);
        claimed.forEach((field, device) -> {
            PciDevice before = bus.require(field, device);
            if (before.driver().filter(VFIO_PCI::equals).isEmpty()) {
                application.record(new HostChange.VfioBound(field, device, before.driver()));
                binder.bind(field, device);
            }
        });
    }

    void undo(HostChange.VfioBound change) {
        new VfioBinder(bus).restore(change.device(), change.originalDriver());
    }

    private void requirePassable(String fieldPath, PciAddress device, Set<PciAddress> passed) {
        VfioGroupReport report = new VfioGroupInspector(bus).inspect(fieldPath, device, passed);
        if (!report.canBeGivenAway()) {
            throw new HostException(fieldPath + ": " + report.describe());
        }
    }

    @Override
    public String describe(HostResource.VfioDevice need, Inspection inspection) {
        return describePassthrough(need.hostAddress(), inspection);
    }

    /** What passing {@code device} through does, then its IOMMU group, one member a line. */
    String describePassthrough(PciAddress device, Inspection inspection) {
        Optional<PciDevice> found = bus.find(device);
        if (found.isEmpty()) {
            return "binds " + device + " to vfio-pci (no such device on this host now)";
        }
        Optional<String> driver = found.get().driver();
        String action = driver.filter(VFIO_PCI::equals).isPresent()
                ? "passes " + device + " through (already bound to vfio-pci)"
                : "binds " + device + " to vfio-pci while the VM runs, then gives it back to "
                        + driver.orElse("no driver");
        String group;
        try {
            group = new VfioGroupInspector(bus).inspect("check", device, inspection.passedThrough()).describe();
        } catch (HostException e) {
            group = e.getMessage();
        }
        return action + "\n" + group;
    }
}
