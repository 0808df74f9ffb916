package io.jqemu.core.model;

import io.jqemu.core.JqemuException;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import java.util.Objects;
import java.util.Optional;

/**
 * An SR-IOV virtual function passed through with {@code vfio-pci} behind its own root port: the launcher
 * enables {@code vfCount} virtual functions on the physical function (put back when the VM stops), binds
 * function {@code vfIndex} to vfio-pci and hands it to the guest. Its host address comes from the render
 * context ({@link io.jqemu.core.render.RenderContext#virtualFunctions()}), which the launcher reads from
 * the physical function's SR-IOV capability in sysfs before the functions exist.
 *
 * @param physicalFunction the SR-IOV capable host device, {@code 0000:03:00.0} (domain optional)
 * @param vfIndex          which virtual function (0-based, the physical function's {@code virtfn<i>})
 * @param vfCount          how many virtual functions the physical function gets (every virtual function
 *                         of one physical function must ask for the same count)
 * @param rombar           whether the option ROM BAR is visible; empty for QEMU's default
 * @param bootIndex        the firmware boot index (PXE through the function), or empty
 * @param id               the device id; empty means {@code vf<index>}
 */
public record VirtualFunction(String physicalFunction, int vfIndex, int vfCount, Optional<Boolean> rombar,
                              Optional<Integer> bootIndex, Optional<String> id) implements Device {
    /** The most virtual functions a physical function offers (PCIe's limit for one bus is far above any card). */
    public static final int MAX_COUNT = 256;

    /** Refuses null components; the exception names the component. */
    public VirtualFunction {
        Objects.requireNonNull(physicalFunction, "physicalFunction");
        Objects.requireNonNull(rombar, "rombar");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
    }

    /** Virtual function {@code vfIndex} of {@code vfCount} on {@code physicalFunction}. */
    public static VirtualFunction of(String physicalFunction, int vfIndex, int vfCount) {
        return new VirtualFunction(physicalFunction, vfIndex, vfCount, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    @Override
    public String field() {
        return "virtualFunctions";
    }

    @Override
    public String idPrefix() {
        return "vf";
    }

    @Override
    public boolean userIds() {
        return true;
    }

    @Override
    public VirtualFunction withId(String newId) {
        return new VirtualFunction(physicalFunction, vfIndex, vfCount, rombar, bootIndex, Optional.of(newId));
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    @Override
    public void validate(DeviceCheck check) {
        id.ifPresent(x -> check.qemuId(check.field("id"), x, 32));
        Optional<PciAddress> pf = PciAddress.parse(physicalFunction);
        if (pf.isEmpty()) {
            check.add(check.field("physicalFunction"), DeviceCheck.quote(physicalFunction)
                    + " is not a PCI address (dddd:bb:ss.f or bb:ss.f, hex)");
        }
        check.range(check.field("vfCount"), vfCount, 1, MAX_COUNT);
        if (vfIndex < 0 || vfIndex >= vfCount) {
            check.add(check.field("vfIndex"), vfIndex + " is not among the " + vfCount
                    + " virtual functions (0 to " + (vfCount - 1) + ")");
        }
        pf.ifPresent(a -> check.claim("sriov " + a + " vf " + vfIndex, check.path(),
                "virtual function " + vfIndex + " of " + a));
        bootIndex.ifPresent(b -> check.bootIndex(check.field("bootIndex"), b));
    }

    @Override
    public void render(DeviceRendering out) {
        PciAddress pf = PciAddress.parse(physicalFunction)
                .orElseThrow(() -> new JqemuException(out.field("physicalFunction") + ": not a PCI address"));
        PciAddress vf = out.context().virtualFunctions().address(pf, vfIndex).orElseThrow(() -> new JqemuException(
                out.field("physicalFunction") + ": this host cannot tell where virtual function " + vfIndex + " of "
                        + pf + " is (no such device, or no SR-IOV capability with that many functions)"));
        PciPassthrough.render(out, vf, Optional.empty(), false, rombar, false, bootIndex);
        out.needs(new HostResource.SriovVirtualFunction(pf, vfIndex, vfCount, vf, out.path()));
    }

    @Override
    public Optional<String> notHotpluggable() {
        return Optional.empty();
    }
}
