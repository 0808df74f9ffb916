package io.jqemu.launcher.host;

import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.net.MacvtapLinks;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.PciDevice;
import io.jqemu.launcher.host.pci.SriovFunctions;
import io.jqemu.launcher.host.pci.VfioBinder;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes the host changes of {@link HostPreparation} in an undoable order, recording each in the
 * undo journal before making it: runtime directory, OVMF vars, stale sockets, SR-IOV virtual
 * functions, vfio-pci bindings, taps and bridge ports, macvtaps.
 */
final class HostChangeMaker {
    private final PciBus bus;
    private final Supplier<TapDevices> taps;
    private final Supplier<? extends MacvtapLinks> links;

    HostChangeMaker(PciBus bus, Supplier<TapDevices> taps, Supplier<? extends MacvtapLinks> links) {
        this.bus = bus;
        this.taps = taps;
        this.links = links;
    }

    PreparedHost make(VmPaths paths, List<HostRequirement> requirements, UndoJournal changes,
                                     HostChangeUndoer undoer) {
        paths.createStateDir();
        // the VM's own runtime directory, adopted when a crash left it behind: harmless if its line
        // is lost (see UndoJournal), so not forced to disk; checked before it is recorded, so that
        // an undo never removes a directory that failed the ownership checks
        paths.createRuntimeDir();
        changes.recordUnforced(new HostChange.DirectoryCreated(paths.runtimeDir()));
        Optional<Path> vars = Optional.empty();
        for (HostRequirement r : requirements) {
            if (r instanceof HostRequirement.OvmfVars o) {
                OvmfVarsFile.ensure(o.fieldPath(), o.template(), o.target());
                vars = Optional.of(o.target());
            } else if (r instanceof HostRequirement.ListeningSocket l) {
                removeStaleSocket(l);
            }
        }
        Map<String, PciAddress> vfio = new LinkedHashMap<>();
        List<HostRequirement.SriovVirtualFunction> functions = requirements.stream()
                .filter(HostRequirement.SriovVirtualFunction.class::isInstance)
                .map(HostRequirement.SriovVirtualFunction.class::cast).toList();
        enableVirtualFunctions(functions, changes, vfio);
        for (HostRequirement r : requirements) {
            if (r instanceof HostRequirement.VfioDevice v) {
                vfio.put(v.fieldPath(), v.address());
            }
        }
        Set<PciAddress> passed = new HashSet<>(vfio.values());
        VfioGroupInspector inspector = new VfioGroupInspector(bus);
        for (Map.Entry<String, PciAddress> device : vfio.entrySet()) {
            HostChecks.requirePassable(inspector.inspect(device.getKey(), device.getValue(), passed), device.getKey());
        }
        VfioBinder binder = new VfioBinder(bus);
        for (Map.Entry<String, PciAddress> device : vfio.entrySet()) {
            PciDevice before = bus.require(device.getKey(), device.getValue());
            if (before.driver().filter("vfio-pci"::equals).isEmpty()) {
                changes.record(new HostChange.VfioBound(device.getKey(), device.getValue(), before.driver()));
                binder.bind(device.getKey(), device.getValue());
            }
        }
        List<String> tapNames = new ArrayList<>();
        for (HostRequirement r : requirements) {
            if (r instanceof HostRequirement.BridgedTap t) {
                UndoJournal.Entry created = changes.record(new HostChange.TapCreated(t.tap()));
                // create is all or nothing: when it fails there is no tap of ours to delete (and a
                // same-named interface that appeared meanwhile must not be)
                neverMadeOnFailure(changes, created, () -> taps.get().create(t.fieldPath(), t.tap()));
                tapNames.add(t.tap());
                changes.record(new HostChange.TapAttached(t.tap(), t.bridge()));
                taps.get().attach(t.fieldPath(), t.tap(), t.bridge());
            }
        }
        Map<String, Path> macvtaps = new LinkedHashMap<>();
        for (HostRequirement r : requirements) {
            if (r instanceof HostRequirement.Macvtap m) {
                UndoJournal.Entry created = changes.record(new HostChange.MacvtapCreated(m.name()));
                neverMadeOnFailure(changes, created, () -> macvtaps.put(m.name(),
                        links.get().createMacvtap(m.fieldPath(), m.name(), m.parent(), m.mode(), m.mac())));
            }
        }
        return new PreparedHost(paths, vars, vfio, tapNames, macvtaps, undoer);
    }

    private static void neverMadeOnFailure(UndoJournal changes, UndoJournal.Entry entry, Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            changes.markUndone(entry);
            throw e;
        }
    }

    private void enableVirtualFunctions(List<HostRequirement.SriovVirtualFunction> functions, UndoJournal changes,
                                        Map<String, PciAddress> vfio) {
        SriovFunctions sriov = new SriovFunctions(bus);
        Map<PciAddress, Integer> counts = new LinkedHashMap<>();
        for (HostRequirement.SriovVirtualFunction f : functions) {
            counts.merge(f.physicalFunction(), f.enabledVfs(), Math::max);
        }
        for (Map.Entry<PciAddress, Integer> pf : counts.entrySet()) {
            int previous = sriov.enabledVfs(pf.getKey());
            if (previous < pf.getValue()) {
                changes.record(new HostChange.SriovEnabled(pf.getKey(), previous, pf.getValue()));
                String field = functions.stream().filter(f -> f.physicalFunction().equals(pf.getKey())).findFirst()
                        .orElseThrow().fieldPath();
                sriov.enable(field, pf.getKey(), pf.getValue());
            }
        }
        for (HostRequirement.SriovVirtualFunction f : functions) {
            vfio.put(f.fieldPath(), sriov.virtualFunction(f.fieldPath(), f.physicalFunction(), f.index()));
        }
    }

    private static void removeStaleSocket(HostRequirement.ListeningSocket socket) {
        try {
            if (HostPathCheck.isSocket(socket.path())) {
                Files.delete(socket.path());
            }
        } catch (IOException e) {
            throw new HostException(socket.fieldPath() + ": cannot remove the stale socket " + socket.path()
                    + ": " + e.getMessage(), e);
        }
    }
}
