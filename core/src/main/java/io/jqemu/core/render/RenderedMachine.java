package io.jqemu.core.render;

import java.util.List;

/**
 * A rendered machine.
 *
 * @param argv             the complete QEMU command line, binary first
 * @param hostResources    what the launcher must prepare or check before starting QEMU, in argv order
 * @param hotplugRootPorts ids of the empty PCIe root ports kept for hot-plugging, in order
 */
public record RenderedMachine(List<String> argv, List<HostResource> hostResources, List<String> hotplugRootPorts) {
    /** Copies the lists. */
    public RenderedMachine {
        argv = List.copyOf(argv);
        hostResources = List.copyOf(hostResources);
        hotplugRootPorts = List.copyOf(hotplugRootPorts);
    }
}
