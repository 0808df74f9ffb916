package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.VmPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One read-only pass over a VM's needs: the host facts, what the VM as a whole asks for (devices
 * passed through, interface names, virtual function counts) and the failures found so far.
 */
public final class Inspection {

    /**
     * A check that failed.
     *
     * @param fieldPath the field the failure names
     * @param exception the failure, its message starting with the field path where the check said so
     */
    public record Failure(String fieldPath, HostException exception) {
    }

    private final HostFacts facts;
    private final VmPaths paths;
    private final Set<PciAddress> passedThrough;
    private final Set<String> interfaces = new HashSet<>();
    private final Map<PciAddress, Integer> virtualFunctionCounts = new HashMap<>();
    private final List<Failure> failures = new ArrayList<>();

    Inspection(HostFacts facts, VmPaths paths, Set<PciAddress> passedThrough) {
        this.facts = facts;
        this.paths = paths;
        this.passedThrough = Set.copyOf(passedThrough);
    }

    /** The host facts, read once for the pass. */
    public HostFacts facts() {
        return facts;
    }

    /** The VM's state and runtime directories. */
    public VmPaths paths() {
        return paths;
    }

    /** Every host device the VM passes through (they may share an IOMMU group). */
    public Set<PciAddress> passedThrough() {
        return passedThrough;
    }

    /** Claims an interface name the VM creates; false when another need of the VM claimed it first. */
    boolean claimInterface(String name) {
        return interfaces.add(name);
    }

    /**
     * Claims {@code count} virtual functions on {@code physicalFunction}; returns the count claimed
     * first by another need of the VM, which differs from {@code count} when the two disagree.
     */
    int claimVirtualFunctions(PciAddress physicalFunction, int count) {
        return virtualFunctionCounts.merge(physicalFunction, count, (first, next) -> first);
    }

    /**
     * Runs a check whose failure does not stop the other checks of the same need.
     *
     * @param fieldPath the field the check is about
     * @return whether it passed
     */
    public boolean verify(String fieldPath, Runnable check) {
        try {
            check.run();
            return true;
        } catch (HostException e) {
            failures.add(new Failure(fieldPath, e));
            return false;
        }
    }

    /** The failures so far, in the order found. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    int failureCount() {
        return failures.size();
    }

    List<Failure> failuresFrom(int index) {
        return List.copyOf(failures.subList(index, failures.size()));
    }
}
