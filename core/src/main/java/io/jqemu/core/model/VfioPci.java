package io.jqemu.core.model;

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
                      Optional<Boolean> rombar, boolean xVga, Optional<Integer> bootIndex, Optional<String> id) {

    /** Checks every part is present. */
    public VfioPci {
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(guestAddress, "guestAddress");
        Objects.requireNonNull(rombar, "rombar");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
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
