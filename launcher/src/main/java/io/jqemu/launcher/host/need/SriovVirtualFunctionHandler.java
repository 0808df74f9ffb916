package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.PciDevice;
import io.jqemu.launcher.host.pci.SriovFunctions;
import java.time.Duration;
import java.util.Optional;

/**
 * An SR-IOV virtual function passed through. The physical function gets {@code vfCount} virtual
 * functions through {@code sriov_numvfs} (journaled as {@link HostChange.SriovEnabled} with the count
 * before, which the undo writes back), the launcher waits for {@code virtfn<i>}, checks it is the
 * device the argv names, and passes it through with the {@link VfioDeviceHandler}'s code (IOMMU group
 * checks, binding, journal). Needs of one VM on the same physical function share its enabling.
 */
final class SriovVirtualFunctionHandler implements NeedHandler<HostResource.SriovVirtualFunction> {
    private static final Duration POLL = Duration.ofMillis(10);
    private final PciBus bus;
    private final VfioDeviceHandler vfio;
    private final Duration appearTimeout;

    SriovVirtualFunctionHandler(PciBus bus, VfioDeviceHandler vfio, Duration appearTimeout) {
        this.bus = bus;
        this.vfio = vfio;
        this.appearTimeout = appearTimeout;
    }

    @Override
    public Stage stage() {
        return Stage.VIRTUAL_FUNCTIONS;
    }

    @Override
    public Optional<PciAddress> passthroughAddress(HostResource.SriovVirtualFunction need) {
        return Optional.of(need.virtualFunction());
    }

    @Override
    public void check(HostResource.SriovVirtualFunction need, Inspection inspection) {
        String field = need.fieldPath();
        PciAddress pf = need.physicalFunction();
        inspection.verify(field, () -> inspection.facts().requireVfio(field));
        PciDevice device = bus.require(field, pf);
        SriovFunctions sriov = new SriovFunctions(bus);
        int total = sriov.totalVfs(pf);
        if (total == 0) {
            throw new HostException(field + ": " + pf + " is not SR-IOV capable (it has no sriov_totalvfs)");
        }
        if (need.vfCount() > total) {
            throw new HostException(field + ": " + pf + " supports " + total + " virtual functions, asked for "
                    + need.vfCount());
        }
        int first = inspection.claimVirtualFunctions(pf, need.vfCount());
        if (first != need.vfCount()) {
            throw new HostException(field + ": asks for " + need.vfCount() + " virtual functions on " + pf
                    + ", another device of this VM for " + first + "; give every function of " + pf + " the same count");
        }
        int enabled = sriov.enabledVfs(pf);
        if (enabled != 0 && enabled != need.vfCount()) {
            throw new HostException(field + ": " + pf + " already has " + enabled + " virtual functions enabled, this VM"
                    + " asks for " + need.vfCount() + " (the kernel changes sriov_numvfs only through 0: ask for "
                    + enabled + ", or set it to 0 first)");
        }
        if (enabled == 0 && device.driver().isEmpty()) {
            throw new HostException(field + ": " + pf + " has no driver bound; its driver enables the virtual"
                    + " functions (load it, e.g. modprobe the network driver)");
        }
        Optional<PciAddress> address = inspection.facts().virtualFunctionAddress(pf, need.vfIndex());
        if (address.isEmpty()) {
            throw new HostException(field + ": cannot tell the address of virtual function " + need.vfIndex() + " of "
                    + pf + " (it has no sriov_offset and sriov_stride)");
        }
        if (!address.get().equals(need.virtualFunction())) {
            throw new HostException(field + ": virtual function " + need.vfIndex() + " of " + pf + " is "
                    + address.get() + " on this host, the machine was rendered for " + need.virtualFunction());
        }
        if (enabled == need.vfCount()) {
            vfio.checkPassthrough(field, need.virtualFunction(), inspection);
        }
    }

    @Override
    public void apply(HostResource.SriovVirtualFunction need, Application application) {
        String field = need.fieldPath();
        PciAddress pf = need.physicalFunction();
        SriovFunctions sriov = new SriovFunctions(bus);
        int previous = sriov.enabledVfs(pf);
        if (previous != need.vfCount()) {
            application.record(new HostChange.SriovEnabled(pf, previous, need.vfCount()));
            sriov.enable(field, pf, need.vfCount());
        }
        PciAddress appeared = awaitVirtualFunction(need);
        if (!appeared.equals(need.virtualFunction())) {
            throw new HostException(field + ": virtual function " + need.vfIndex() + " of " + pf + " appeared as "
                    + appeared + ", the machine was rendered for " + need.virtualFunction());
        }
        application.claimPassthrough(field, appeared);
    }

    /** Waits until {@code virtfn<i>} of the physical function points at an existing device. */
    private PciAddress awaitVirtualFunction(HostResource.SriovVirtualFunction need) {
        String link = "/sys/bus/pci/devices/" + need.physicalFunction() + "/virtfn" + need.vfIndex();
        long deadline = System.nanoTime() + appearTimeout.toNanos();
        while (true) {
            Optional<PciAddress> vf = bus.host().linkName(link).flatMap(PciAddress::parse)
                    .filter(a -> bus.find(a).isPresent());
            if (vf.isPresent()) {
                return vf.get();
            }
            if (System.nanoTime() > deadline) {
                throw new HostException(need.fieldPath() + ": virtual function " + need.vfIndex() + " of "
                        + need.physicalFunction() + " did not appear within " + appearTimeout.toMillis()
                        + " ms of enabling " + need.vfCount() + " (no " + link + ")");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException(need.fieldPath() + ": interrupted while waiting for " + link, e);
            }
        }
    }

    void undo(HostChange.SriovEnabled change) {
        new SriovFunctions(bus).enable("undo", change.physicalFunction(), change.previousCount());
    }

    @Override
    public String describe(HostResource.SriovVirtualFunction need, Inspection inspection) {
        PciAddress pf = need.physicalFunction();
        SriovFunctions sriov = new SriovFunctions(bus);
        int enabled = sriov.enabledVfs(pf);
        String vf = "virtual function " + need.vfIndex() + " (" + need.virtualFunction() + ")";
        if (enabled == need.vfCount()) {
            return "uses " + vf + " of " + pf + ", whose " + enabled + " functions are enabled already; "
                    + vfio.describePassthrough(need.virtualFunction(), inspection);
        }
        String driver = bus.find(pf).flatMap(PciDevice::driver).map(d -> "driver " + d + "; ").orElse("");
        return "enables " + need.vfCount() + " virtual functions on " + pf + " (" + driver + "sriov_numvfs " + enabled
                + " -> " + need.vfCount() + ", back to " + enabled + " when the VM stops), then binds " + vf
                + " to vfio-pci";
    }
}
