package io.jqemu.core.render;

import java.util.Objects;

/**
 * A NIC whose tap descriptors QEMU receives over QMP, so it is added after QEMU has started paused:
 * {@code getfd} each of {@link #fdNames()} with the descriptor attached, then {@link #plan()}'s
 * {@code netdev_add} and {@code device_add} (into the root port the command line keeps for it).
 *
 * @param fieldPath the NIC's field, for errors ({@code nics[2]})
 * @param macvtap   the macvtap interface whose {@code /dev/tap<ifindex>} is the tap descriptor
 * @param vhost     whether a {@code /dev/vhost-net} descriptor goes with it
 * @param fdNames   the {@code getfd} names the netdev refers to
 * @param plan      the netdev and device to add; {@link HotplugPlan#hostResources()} is already part
 *                  of the machine's host resources
 */
public record MonitorNic(String fieldPath, String macvtap, boolean vhost, TapFds fdNames, HotplugPlan plan) {
    /** Checks the parts are present and agree on vhost. */
    public MonitorNic {
        Objects.requireNonNull(fieldPath, "fieldPath");
        Objects.requireNonNull(macvtap, "macvtap");
        Objects.requireNonNull(fdNames, "fdNames");
        Objects.requireNonNull(plan, "plan");
        if (vhost != fdNames.vhostFd().isPresent()) {
            throw new IllegalArgumentException("vhost and fdNames.vhostFd disagree");
        }
    }
}
