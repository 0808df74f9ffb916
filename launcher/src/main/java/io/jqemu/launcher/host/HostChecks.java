package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.SriovFunctions;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import io.jqemu.launcher.host.pci.VfioGroupReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The read-only checks {@link HostPreparation} runs before changing anything; errors name the field. */
final class HostChecks {
    private final HostRoot host;
    private final PciBus bus;
    private final Supplier<TapDevices> taps;

    HostChecks(HostRoot host, PciBus bus, Supplier<TapDevices> taps) {
        this.host = host;
        this.bus = bus;
        this.taps = taps;
    }

    /** Checks every requirement of the VM whose directories are {@code paths}; throws the first failure. */
    void checkAll(VmPaths paths, List<HostRequirement> requirements) {
        List<Failure> failures = failures(paths, requirements);
        if (!failures.isEmpty()) {
            throw failures.get(0).exception();
        }
    }

    /** Checks every requirement and lists every failure, in the order of the requirements. */
    List<HostFinding> findings(VmPaths paths, List<HostRequirement> requirements) {
        return failures(paths, requirements).stream()
                .map(f -> HostFinding.of(f.requirement().fieldPath(), f.exception())).toList();
    }

    private record Failure(HostRequirement requirement, HostException exception) {
    }

    private List<Failure> failures(VmPaths paths, List<HostRequirement> requirements) {
        List<Failure> failures = new ArrayList<>();
        HostFacts facts = HostFacts.probe(host);
        Set<PciAddress> passed = new HashSet<>();
        requirements.forEach(r -> {
            if (r instanceof HostRequirement.VfioDevice v) {
                passed.add(v.address());
            }
        });
        VfioGroupInspector inspector = new VfioGroupInspector(bus);
        SriovFunctions sriov = new SriovFunctions(bus);
        Set<String> tapNames = new HashSet<>();
        for (HostRequirement r : requirements) {
            try {
                check(r, paths, facts, passed, inspector, sriov, tapNames);
            } catch (HostException e) {
                failures.add(new Failure(r, e));
            }
        }
        return failures;
    }

    private void check(HostRequirement r, VmPaths paths, HostFacts facts, Set<PciAddress> passed,
                       VfioGroupInspector inspector, SriovFunctions sriov, Set<String> tapNames) {
        switch (r) {
            case HostRequirement.ExistingPath p -> HostPathCheck.check(p.fieldPath(), p.path(), p.kind(), p.writable());
            case HostRequirement.OvmfVars o -> HostPathCheck.check(o.fieldPath(), o.template(),
                    HostPathCheck.Kind.FILE, false);
            case HostRequirement.Kvm k -> facts.requireKvm(k.fieldPath());
            case HostRequirement.ExistingInterface i -> {
                TapDevices.checkName(i.fieldPath(), i.name());
                if (!taps.get().exists(i.name())) {
                    throw new HostException(i.fieldPath() + ": interface " + i.name() + " does not exist on this host");
                }
            }
            case HostRequirement.ListeningSocket l -> checkSocketPath(paths, l);
            case HostRequirement.UsbDevice u -> UsbDeviceCheck.check(host, u.fieldPath(), u.match());
            case HostRequirement.VhostNet v -> facts.requireVhost(v.fieldPath());
            case HostRequirement.VfioDevice v -> {
                facts.requireVfio(v.fieldPath());
                requirePassable(inspector.inspect(v.fieldPath(), v.address(), passed), v.fieldPath());
            }
            case HostRequirement.SriovVirtualFunction s -> {
                facts.requireVfio(s.fieldPath());
                bus.require(s.fieldPath(), s.physicalFunction());
                int total = sriov.totalVfs(s.physicalFunction());
                if (s.enabledVfs() > total) {
                    throw new HostException(s.fieldPath() + ": " + s.physicalFunction() + " supports " + total
                            + " virtual functions, asked for " + s.enabledVfs());
                }
                int enabled = sriov.enabledVfs(s.physicalFunction());
                if (enabled != 0 && enabled < s.enabledVfs()) {
                    throw new HostException(s.fieldPath() + ": " + s.physicalFunction() + " already has " + enabled
                            + " virtual functions enabled; raising that to " + s.enabledVfs()
                            + " would remove them first (the kernel only changes sriov_numvfs through 0)");
                }
            }
            case HostRequirement.Macvtap m -> requireNewInterface(m.fieldPath(), m.name(), "parent link", m.parent(),
                    tapNames);
            case HostRequirement.BridgedTap t -> requireNewInterface(t.fieldPath(), t.tap(), "bridge", t.bridge(),
                    tapNames);
        }
    }

    /** A link this VM creates: a valid name not taken (on the host or by this VM), on an existing link. */
    private void requireNewInterface(String fieldPath, String name, String onWhat, String on, Set<String> tapNames) {
        TapDevices.checkName(fieldPath, name);
        if (!tapNames.add(name) || taps.get().exists(name)) {
            throw new HostException(fieldPath + ": an interface named " + name + " already exists");
        }
        if (!taps.get().exists(on)) {
            throw new HostException(fieldPath + ": " + onWhat + " " + on + " does not exist on this host");
        }
    }

    private static void checkSocketPath(VmPaths paths, HostRequirement.ListeningSocket socket) {
        int bytes = socket.path().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > VmPaths.MAX_SOCKET_PATH_BYTES) {
            throw new HostException(socket.fieldPath() + ": the socket path " + socket.path() + " is " + bytes
                    + " bytes; unix sockets allow at most " + VmPaths.MAX_SOCKET_PATH_BYTES);
        }
        Path parent = socket.path().toAbsolutePath().getParent();
        // the VM's own runtime directory is made by the preparation itself
        if (!parent.equals(paths.runtimeDir()) && !Files.isDirectory(parent)) {
            throw new HostException(socket.fieldPath() + ": the directory " + parent + " of socket "
                    + socket.path() + " does not exist");
        }
    }

    static void requirePassable(VfioGroupReport report, String fieldPath) {
        if (!report.canBeGivenAway()) {
            throw new HostException(fieldPath + ": " + report.describe());
        }
    }
}
