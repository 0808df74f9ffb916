package io.jqemu.launcher.host;

import io.jqemu.launcher.host.net.LinkDevices;
import io.jqemu.launcher.host.net.MacvtapLinks;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.core.model.PciAddress;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import io.jqemu.launcher.host.pci.VfioGroupReport;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private final Supplier<MacvtapLinks> links;

    /**
     * Prepares hosts seen through {@code host} with VM directories laid out by {@code layout}.
     *
     * @param taps makes the tap device access (loaded only when a VM needs a tap)
     */
    public HostPreparation(HostRoot host, HostLayout layout, Supplier<TapDevices> taps) {
        this(host, layout, taps, LinkDevices::new);
    }

    /**
     * Same, with the macvtap access given: {@link LinkDevices} on real hosts; a stand-in where the
     * kernel has no macvtap module (tests).
     *
     * @param macvtaps makes the macvtap access (loaded only when a VM needs a macvtap)
     */
    public HostPreparation(HostRoot host, HostLayout layout, Supplier<TapDevices> taps,
                           Supplier<? extends MacvtapLinks> macvtaps) {
        this.host = Objects.requireNonNull(host, "host");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.bus = new PciBus(host);
        this.taps = memoize(Objects.requireNonNull(taps, "taps"));
        Objects.requireNonNull(macvtaps, "macvtaps");
        this.links = memoize(macvtaps::get);
    }

    /** Prepares the real host ({@code /}) with {@code layout}. */
    public static HostPreparation forSystem(HostLayout layout) {
        return new HostPreparation(HostRoot.system(), layout, TapDevices::new);
    }

    /** Opens the descriptors QEMU gets over QMP for macvtap NICs. */
    public TapDescriptors tapDescriptors() {
        return new TapDescriptors(host, links);
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
        Optional<HostFinding> pending = pendingChanges(vmName, journal);
        if (pending.isPresent()) {
            throw new HostException(pending.get().toString());
        }
        new HostChecks(host, bus, taps).checkAll(paths, requirements);
        HostChangeUndoer undoer = new HostChangeUndoer(bus, taps, links);
        try {
            return new HostChangeMaker(bus, taps, links).make(paths, requirements, journal, undoer);
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
     * Runs every check {@link #prepare} runs before it changes anything, without changing anything,
     * and lists every failure instead of stopping at the first: what {@code jqemu check} reports.
     *
     * @return the failed checks in the order of {@code requirements}, after those of the VM's
     *         directories (ownership rules of {@link HostLayout}, as fields {@code stateRoot} and
     *         {@code runtimeRoot}) and of a VM that still has host changes recorded (field
     *         {@code name}); empty when the VM can be prepared
     */
    public List<HostFinding> check(String vmName, List<HostRequirement> requirements) {
        VmPaths paths = layout.forVm(vmName);
        List<HostFinding> findings = new ArrayList<>();
        ownership("stateRoot", paths.stateDir()).ifPresent(findings::add);
        ownership("runtimeRoot", paths.runtimeDir()).ifPresent(findings::add);
        pendingChanges(vmName, paths.journal()).ifPresent(findings::add);
        findings.addAll(new HostChecks(host, bus, taps).findings(paths, requirements));
        return findings;
    }

    /** The ownership rules of {@link HostLayout} for a VM directory and its root, as far as they exist. */
    private static Optional<HostFinding> ownership(String field, Path vmDir) {
        try {
            if (Files.exists(vmDir.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                OwnedDirectories.requireRoot(field, vmDir.getParent());
            }
            if (Files.exists(vmDir, LinkOption.NOFOLLOW_LINKS)) {
                OwnedDirectories.requireOwnedDirectory(field, vmDir);
            }
            return Optional.empty();
        } catch (HostException e) {
            return Optional.of(HostFinding.of(field, e));
        }
    }

    private static Optional<HostFinding> pendingChanges(String vmName, UndoJournal journal) {
        if (Files.exists(journal.file()) && !journal.pending().isEmpty()) {
            return Optional.of(new HostFinding("name", "VM " + vmName + " still has host changes recorded in "
                    + journal.file() + " (a controller died or the VM is running); reattach to it or reconcile it first"));
        }
        return Optional.empty();
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
        Map<String, Path> macvtaps = new LinkedHashMap<>();
        for (UndoJournal.Entry entry : paths.journal().pending()) {
            switch (entry.change()) {
                case HostChange.VfioBound v -> vfio.put(v.fieldPath(), v.device());
                case HostChange.TapCreated t -> tapNames.add(t.name());
                case HostChange.MacvtapCreated m -> links.get().characterDevice(m.name())
                        .ifPresent(device -> macvtaps.put(m.name(), device));
                default -> {
                }
            }
        }
        return new PreparedHost(paths, vars, vfio, tapNames, macvtaps, new HostChangeUndoer(bus, taps, links));
    }

    /**
     * Undoes what a dead controller (or a VM that died meanwhile) left recorded in {@code stateDir}.
     * Call it only when the VM's QEMU is no longer running.
     *
     * @return the changes that were undone, oldest first
     */
    public List<HostChange> reconcile(Path stateDir) {
        VmPaths paths = VmPaths.load(stateDir);
        UndoJournal journal = paths.journal();
        List<HostChange> pending = new ArrayList<>(journal.pending().stream().map(UndoJournal.Entry::change).toList());
        HostChangeUndoer undoer = new HostChangeUndoer(bus, taps, links);
        PreparedHost.undoAll(journal, undoer);
        // the runtime directory's line is not forced to disk (UndoJournal): find it by the layout
        HostChange runtimeDir = new HostChange.DirectoryCreated(paths.runtimeDir());
        if (!pending.contains(runtimeDir) && Files.isDirectory(paths.runtimeDir())) {
            undoer.undo(runtimeDir);
            pending.add(0, runtimeDir);
        }
        return List.copyOf(pending);
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
