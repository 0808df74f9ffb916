package io.jqemu.core.model;

import io.jqemu.core.JqemuException;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import java.util.Objects;
import java.util.Optional;

/**
 * A host PCI device passed through with {@code vfio-pci}.
 *
 * @param hostAddress   the host address, {@code 0000:01:00.0} (domain optional)
 * @param guestAddress  a fixed guest address on the root bus ({@code 00:05.0}); empty puts the
 *                      device behind its own PCIe root port
 * @param multifunction whether the guest slot is multifunction (set on function 0)
 * @param rombar        whether the option ROM BAR is visible; empty for QEMU's default
 * @param xVga          expose legacy VGA ranges (primary GPU passthrough)
 * @param bootIndex     the firmware boot index, or empty
 * @param id            the device id; empty means {@code hostdev<index>}
 */
public record VfioPci(String hostAddress, Optional<String> guestAddress, boolean multifunction,
                      Optional<Boolean> rombar, boolean xVga, Optional<Integer> bootIndex, Optional<String> id)
        implements Device {

    /** Refuses null components; the exception names the component. */
    public VfioPci {
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(guestAddress, "guestAddress");
        Objects.requireNonNull(rombar, "rombar");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String field() {
        return "vfioDevices";
    }

    @Override
    public String idPrefix() {
        return "hostdev";
    }

    @Override
    public boolean userIds() {
        return true;
    }

    /** Behind its own root port, unless it has a fixed guest address on the root bus. */
    @Override
    public boolean takesRootPort() {
        return guestAddress.isEmpty();
    }

    @Override
    public void validate(DeviceCheck check) {
        String path = check.path();
        id.ifPresent(x -> check.qemuId(path + ".id", x, 32));
        if (PciAddress.parse(hostAddress).isEmpty()) {
            check.add(path + ".hostAddress", DeviceCheck.quote(hostAddress)
                    + " is not a PCI address (dddd:bb:ss.f or bb:ss.f, hex)");
        }
        bootIndex.ifPresent(b -> check.bootIndex(path + ".bootIndex", b));
        guestAddress.ifPresent(text -> PciPassthrough.guestAddress(check, path + ".guestAddress", text));
    }

    @Override
    public void render(DeviceRendering out) {
        PciAddress host = PciAddress.parse(hostAddress)
                .orElseThrow(() -> new JqemuException(out.field("hostAddress") + ": not a PCI address"));
        PciPassthrough.render(out, host, guestAddress, multifunction, rombar, xVga, bootIndex);
        out.needs(new HostResource.VfioDevice(host, out.field("hostAddress")));
    }

    @Override
    public Optional<String> notHotpluggable() {
        return guestAddress.map(a -> "vfio-pci " + hostAddress + " has guest address " + a + " on pcie.0, which "
                + "QEMU cannot hot-plug into or unplug from; without a guest address it sits on a root port");
    }

    /** Passes through the device at {@code hostAddress} behind its own root port. */
    public static VfioPci of(String hostAddress) {
        return new VfioPci(hostAddress, Optional.empty(), false, Optional.empty(), false, Optional.empty(),
                Optional.empty());
    }

    /** A copy placed at a fixed guest address on the root bus. */
    public VfioPci atGuestAddress(String address, boolean isMultifunction) {
        return new VfioPci(hostAddress, Optional.of(address), isMultifunction, rombar, xVga, bootIndex, id);
    }

    /** A copy with the option ROM BAR shown or hidden. */
    public VfioPci withRombar(boolean visible) {
        return new VfioPci(hostAddress, guestAddress, multifunction, Optional.of(visible), xVga, bootIndex, id);
    }

    /** A copy with legacy VGA ranges exposed (or not). */
    public VfioPci withXVga(boolean enabled) {
        return new VfioPci(hostAddress, guestAddress, multifunction, rombar, enabled, bootIndex, id);
    }

    /** A copy with an explicit device id. */
    public VfioPci withId(String newId) {
        return new VfioPci(hostAddress, guestAddress, multifunction, rombar, xVga, bootIndex, Optional.of(newId));
    }
}
