package io.jqemu.core.render;

import java.util.List;

/**
 * A rendered machine.
 *
 * @param argv             the complete QEMU command line, binary first
 * @param hostResources    what the launcher must prepare or check before starting QEMU, in argv order
 *                         (including those of {@code monitorPlans})
 * @param hotplugRootPorts ids of the empty PCIe root ports kept for hot-plugging, in order
 * @param monitorPlans     devices left off the command line because their descriptors go over QMP
 *                         (macvtap NICs with {@link RenderContext#monitorTapFds()}): the launcher adds
 *                         them, in this order, after QEMU has started paused and before the guest runs
 */
public record RenderedMachine(List<String> argv, List<HostResource> hostResources, List<String> hotplugRootPorts,
                              List<DevicePlan> monitorPlans) {
    /** Copies the lists. */
    public RenderedMachine {
        argv = List.copyOf(argv);
        hostResources = List.copyOf(hostResources);
        hotplugRootPorts = List.copyOf(hotplugRootPorts);
        monitorPlans = List.copyOf(monitorPlans);
    }

    /** A machine whose every device is on the command line. */
    public RenderedMachine(List<String> argv, List<HostResource> hostResources, List<String> hotplugRootPorts) {
        this(argv, hostResources, hotplugRootPorts, List.of());
    }
}
