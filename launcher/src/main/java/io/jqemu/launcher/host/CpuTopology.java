package io.jqemu.launcher.host;

import io.jqemu.core.model.HostCpuSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's CPUs as the kernel lists them, read through a {@link HostRoot}: which are online, which
 * are isolated from the scheduler ({@code isolcpus=}), and which belong to each NUMA node.
 *
 * @param online   {@code /sys/devices/system/cpu/online}, empty when the file is missing or unreadable
 * @param isolated {@code /sys/devices/system/cpu/isolated}, empty when none are isolated
 * @param nodes    each NUMA node's CPUs ({@code /sys/devices/system/node/node<n>/cpulist}), node 0 first
 */
public record CpuTopology(Optional<HostCpuSet> online, Optional<HostCpuSet> isolated, List<Node> nodes) {
    /** The kernel's list of online CPUs. */
    public static final String ONLINE = "/sys/devices/system/cpu/online";
    private static final String ISOLATED = "/sys/devices/system/cpu/isolated";
    private static final String NODES = "/sys/devices/system/node";

    /** Copies the nodes. */
    public CpuTopology {
        nodes = List.copyOf(nodes);
    }

    /**
     * One NUMA node.
     *
     * @param number the node number
     * @param cpus   its CPUs
     */
    public record Node(int number, HostCpuSet cpus) {
    }

    /** Reads the topology of the host under {@code host}. */
    public static CpuTopology read(HostRoot host) {
        List<Node> nodes = new ArrayList<>();
        for (String name : host.list(NODES)) {
            if (name.matches("node[0-9]+")) {
                set(host, NODES + "/" + name + "/cpulist")
                        .ifPresent(cpus -> nodes.add(new Node(Integer.parseInt(name.substring(4)), cpus)));
            }
        }
        nodes.sort(java.util.Comparator.comparingInt(Node::number));
        return new CpuTopology(set(host, ONLINE), set(host, ISOLATED), nodes);
    }

    /** One line for {@code jqemu check}, e.g. {@code online 0-7; isolated 4-7; NUMA node0 0-3, node1 4-7}. */
    public String describe() {
        return "online " + online.map(HostCpuSet::toString).orElse("unknown (" + ONLINE + " is missing)")
                + "; isolated " + isolated.map(HostCpuSet::toString).orElse("none")
                + "; NUMA " + (nodes.isEmpty() ? "no nodes listed" : String.join(", ", nodes.stream()
                .map(n -> "node" + n.number() + " " + n.cpus()).toList()));
    }

    private static Optional<HostCpuSet> set(HostRoot host, String path) {
        return host.read(path).filter(text -> !text.isBlank() && HostCpuSet.problem(text).isEmpty())
                .map(HostCpuSet::parse);
    }
}
