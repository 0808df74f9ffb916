package io.jqemu.launcher.host;

import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.PciDevice;
import io.jqemu.launcher.host.pci.SriovFunctions;
import io.jqemu.launcher.host.pci.VfioBinder;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import io.jqemu.launcher.host.pci.VfioGroupReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Prepares the host for a VM from its {@link HostRequirement}s, recording every change in the
 * VM's undo journal before making it. First every check that only reads (paths, KVM, vhost,
 * PCI devices and their whole IOMMU groups, tap names, bridges), then the changes in an order
 * that can be undone: state and runtime directories, OVMF vars, SR-IOV virtual functions,
 * vfio-pci bindings, taps and bridge ports. A failure midway undoes what was done and rethrows.
 */
public final class HostPreparation {
    private final HostRoot host;
    private final HostLayout layout;
    private final PciBus bus;
    private final Supplier<TapDevices> taps;

    /**
     * Prepares hosts seen through {@code host} with VM directories laid out by {@code layout}.
     *
     * @param taps makes the tap device access (loaded only when a VM needs a tap)
     */
    public HostPreparation(HostRoot host, HostLayout layout, Supplier<TapDevices> taps) {
        this.host = Objects.requireNonNull(host, "host");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.bus = new PciBus(host);
        this.taps = memoize(Objects.requireNonNull(taps, "taps"));
    }

    /** Prepares the real host ({@code /}) with {@code layout}. */
    public static HostPreparation forSystem(HostLayout layout) {
        return new HostPreparation(HostRoot.system(), layout, TapDevices::new);
    }

    /** The layout VM directories follow. */
    public HostLayout layout() {
        return layout;
    }

    /** The facts of this host (KVM, vhost-net, IOMMU, vfio-pci). */
    public HostFacts facts() {
        return HostFacts.probe(host);
    }

    /**
     * What {@code jqemu check} prints for a PCI device: its IOMMU group and every member.
     *
     * @param fieldPath the configuration field naming the device
     */
    public VfioGroupReport vfioReport(String fieldPath, PciAddress address) {
        return new VfioGroupInspector(bus).inspect(fieldPath, address, Set.of());
    }

    /**
     * Prepares the host for VM {@code vmName}.
     *
     * @throws HostException naming the field when a check fails (nothing was changed) or when a
     *                       change failed (everything done before it has been undone)
     */
    public PreparedHost prepare(String vmName, List<HostRequirement> requirements) {
        VmPaths paths = layout.forVm(vmName);
        paths.socket("qmp");
        UndoJournal journal = paths.journal();
        if (Files.exists(journal.file()) && !journal.pending().isEmpty()) {
            throw new HostException("name: VM " + vmName + " still has host changes recorded in " + journal.file()
                    + " (a controller died or the VM is running); reattach to it or reconcile it first");
        }
        checkEverything(requirements);
        HostChangeUndoer undoer = new HostChangeUndoer(bus, taps);
        try {
            return makeChanges(paths, requirements, journal, undoer);
        } catch (RuntimeException e) {
            try {
                PreparedHost.undoAll(journal, undoer);
            } catch (RuntimeException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
    }

    /**
     * A handle on a VM prepared by another controller (still running), so that this one can
     * release it later; the journal is taken over as it is.
     */
    public PreparedHost resume(Path stateDir) {
        VmPaths paths = VmPaths.load(stateDir);
        Optional<Path> vars = Files.exists(paths.ovmfVars()) ? Optional.of(paths.ovmfVars()) : Optional.empty();
        Map<String, PciAddress> vfio = new LinkedHashMap<>();
        List<String> tapNames = new ArrayList<>();
        for (UndoJournal.Entry entry : paths.journal().pending()) {
            switch (entry.change()) {
                case HostChange.VfioBound v -> vfio.put("journal[" + entry.sequence() + "]", v.device());
                case HostChange.TapCreated t -> tapNames.add(t.name());
                default -> {
                }
            }
        }
        return new PreparedHost(paths, vars, vfio, tapNames, new HostChangeUndoer(bus, taps));
    }

    /**
     * Undoes what a dead controller (or a VM that died meanwhile) left recorded in {@code stateDir}.
     * Call it only when the VM's QEMU is no longer running.
     *
     * @return the changes that were undone, oldest first
     */
    public List<HostChange> reconcile(Path stateDir) {
        UndoJournal journal = VmPaths.load(stateDir).journal();
        List<HostChange> pending = journal.pending().stream().map(UndoJournal.Entry::change).toList();
        PreparedHost.undoAll(journal, new HostChangeUndoer(bus, taps));
        return pending;
    }

    private void checkEverything(List<HostRequirement> requirements) {
        HostFacts facts = facts();
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
                case HostRequirement.ListeningSocket l -> checkSocketPath(l);
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
                case HostRequirement.BridgedTap t -> {
                    TapDevices.checkName(t.fieldPath(), t.tap());
                    if (!tapNames.add(t.tap()) || taps.get().exists(t.tap())) {
                        throw new HostException(t.fieldPath() + ": an interface named " + t.tap() + " already exists");
                    }
                    if (!taps.get().exists(t.bridge())) {
                        throw new HostException(t.fieldPath() + ": bridge " + t.bridge() + " does not exist on this host");
                    }
                }
            }
        }
    }

    private PreparedHost makeChanges(VmPaths paths, List<HostRequirement> requirements, UndoJournal changes,
                                     HostChangeUndoer undoer) {
        paths.createStateDir();
        if (!Files.isDirectory(paths.runtimeDir())) {
            changes.record(new HostChange.DirectoryCreated(paths.runtimeDir()));
            try {
                VmPaths.createPrivateDirectory(paths.runtimeDir());
            } catch (IOException e) {
                throw new HostException("runtimeRoot: cannot create " + paths.runtimeDir() + ": " + e.getMessage(), e);
            }
        }
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
            requirePassable(inspector.inspect(device.getKey(), device.getValue(), passed), device.getKey());
        }
        VfioBinder binder = new VfioBinder(bus);
        for (Map.Entry<String, PciAddress> device : vfio.entrySet()) {
            PciDevice before = bus.require(device.getKey(), device.getValue());
            if (before.driver().filter("vfio-pci"::equals).isEmpty()) {
                changes.record(new HostChange.VfioBound(device.getValue(), before.driver()));
                binder.bind(device.getKey(), device.getValue());
            }
        }
        List<String> tapNames = new ArrayList<>();
        for (HostRequirement r : requirements) {
            if (r instanceof HostRequirement.BridgedTap t) {
                changes.record(new HostChange.TapCreated(t.tap()));
                taps.get().create(t.fieldPath(), t.tap());
                tapNames.add(t.tap());
                changes.record(new HostChange.TapAttached(t.tap(), t.bridge()));
                taps.get().attach(t.fieldPath(), t.tap(), t.bridge());
            }
        }
        return new PreparedHost(paths, vars, vfio, tapNames, undoer);
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

    private static void checkSocketPath(HostRequirement.ListeningSocket socket) {
        int bytes = socket.path().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > VmPaths.MAX_SOCKET_PATH_BYTES) {
            throw new HostException(socket.fieldPath() + ": the socket path " + socket.path() + " is " + bytes
                    + " bytes; unix sockets allow at most " + VmPaths.MAX_SOCKET_PATH_BYTES);
        }
        Path parent = socket.path().toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new HostException(socket.fieldPath() + ": the directory " + parent + " of socket "
                    + socket.path() + " does not exist");
        }
    }

    private static void removeStaleSocket(HostRequirement.ListeningSocket socket) {
        try {
            if (Files.exists(socket.path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && ((Integer) Files.getAttribute(socket.path(), "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    & 0170000) == 0140000) {
                Files.delete(socket.path());
            }
        } catch (IOException e) {
            throw new HostException(socket.fieldPath() + ": cannot remove the stale socket " + socket.path()
                    + ": " + e.getMessage(), e);
        }
    }

    private static void requirePassable(VfioGroupReport report, String fieldPath) {
        if (!report.canBeGivenAway()) {
            throw new HostException(fieldPath + ": " + report.describe());
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
