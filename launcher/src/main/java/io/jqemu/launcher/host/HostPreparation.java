package io.jqemu.launcher.host;

import io.jqemu.core.Violation;
import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.need.NeedHandlers;
import io.jqemu.launcher.host.net.LinkDevices;
import io.jqemu.launcher.host.net.MacvtapLinks;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.pci.PciBus;
import io.jqemu.launcher.host.pci.VfioGroupInspector;
import io.jqemu.launcher.host.pci.VfioGroupReport;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Prepares the host for a VM from the host resources core rendered for it (its needs), recording
 * every change in the VM's undo journal before making it. First every check that only reads
 * (paths, KVM, vhost, PCI devices and their whole IOMMU groups, SR-IOV capacity, tap names,
 * bridges), then the changes in an order that can be undone: state and runtime directories, OVMF
 * vars, SR-IOV virtual functions, vfio-pci bindings, taps and bridge ports, macvtaps. A failure
 * midway undoes what was done and rethrows. Each kind of need has one handler that checks, applies,
 * undoes and describes it.
 */
public final class HostPreparation {
    private final HostRoot host;
    private final HostLayout layout;
    private final PciBus bus;
    private final Supplier<MacvtapLinks> links;
    private final NeedHandlers handlers;

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
        this(host, layout, taps, macvtaps, NeedHandlers.VIRTUAL_FUNCTION_TIMEOUT);
    }

    HostPreparation(HostRoot host, HostLayout layout, Supplier<TapDevices> taps,
                    Supplier<? extends MacvtapLinks> macvtaps, Duration virtualFunctionTimeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.bus = new PciBus(host);
        Objects.requireNonNull(taps, "taps");
        Objects.requireNonNull(macvtaps, "macvtaps");
        this.links = memoize(macvtaps::get);
        this.handlers = new NeedHandlers(host, memoize(taps), links, virtualFunctionTimeout);
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
     * @param needs the host resources core rendered for the machine, plus {@link HostResource.Kvm} when
     *              KVM is asked for explicitly
     * @throws HostException naming the field when a check fails (nothing was changed) or when a
     *                       change failed (everything done before it has been undone)
     */
    public PreparedHost prepare(String vmName, List<HostResource> needs) {
        VmPaths paths = layout.forVm(vmName);
        paths.socket("qmp");
        UndoJournal journal = paths.journal();
        Optional<Violation> pending = pendingChanges(vmName, journal);
        if (pending.isPresent()) {
            throw new HostException(pending.get().toString());
        }
        handlers.failures(paths, needs).stream().findFirst().ifPresent(f -> {
            throw f.exception();
        });
        try {
            return new HostChangeMaker(handlers).make(paths, needs, journal);
        } catch (RuntimeException e) {
            try {
                PreparedHost.undoAll(journal, handlers);
            } catch (RuntimeException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
    }

    /**
     * Prepares the host for one hot-plugged device: when none of its needs changes the host (files,
     * device nodes, existing taps ...) they are only checked and nothing is recorded; otherwise as
     * {@link #prepare}, under the name {@code name} (its own journal, undone on unplug).
     *
     * @param name the device's own name for its directories, e.g. {@code vm.net3}
     * @return undoes the preparation when closed
     * @throws HostException naming the field when a check or a change fails
     */
    public AutoCloseable prepareDevice(String name, List<HostResource> needs) {
        if (!handlers.changeTheHost(needs)) {
            handlers.failures(layout.forVm(name), needs).stream().findFirst().ifPresent(f -> {
                throw f.exception();
            });
            return () -> { };
        }
        return prepare(name, needs);
    }

    /**
     * Runs every check {@link #prepare} runs before it changes anything, without changing anything,
     * and lists every failure instead of stopping at the first.
     *
     * @return the failed checks: first those of the VM's directories (ownership rules of
     *         {@link HostLayout}, as fields {@code stateRoot} and {@code runtimeRoot}) and of a VM
     *         that still has host changes recorded (field {@code name}), then those of the needs in
     *         their order; empty when the VM can be prepared
     */
    public List<Violation> check(String vmName, List<HostResource> needs) {
        return report(vmName, needs).findings();
    }

    /**
     * What {@code jqemu check} shows: the checks of {@link #check}, and for every need what preparing
     * the host does for it. Changes nothing.
     */
    public HostReport report(String vmName, List<HostResource> needs) {
        VmPaths paths = layout.forVm(vmName);
        List<Violation> vm = new ArrayList<>();
        ownership("stateRoot", paths.stateDir()).ifPresent(vm::add);
        ownership("runtimeRoot", paths.runtimeDir()).ifPresent(vm::add);
        pendingChanges(vmName, paths.journal()).ifPresent(vm::add);
        List<HostReport.Need> reports = handlers.check(paths, needs).stream()
                .map(c -> new HostReport.Need(c.need(), c.description(), c.failures().stream()
                        .map(f -> violation(f.fieldPath(), f.exception())).toList()))
                .toList();
        return new HostReport(vm, reports);
    }

    /** The ownership rules of {@link HostLayout} for a VM directory and its root, as far as they exist. */
    private static Optional<Violation> ownership(String field, Path vmDir) {
        try {
            if (Files.exists(vmDir.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                OwnedDirectories.requireRoot(field, vmDir.getParent());
            }
            if (Files.exists(vmDir, LinkOption.NOFOLLOW_LINKS)) {
                OwnedDirectories.requireOwnedDirectory(field, vmDir);
            }
            return Optional.empty();
        } catch (HostException e) {
            return Optional.of(violation(field, e));
        }
    }

    /** The failure of a check at {@code fieldPath}, its message without the path it may start with. */
    static Violation violation(String fieldPath, HostException failure) {
        String text = String.valueOf(failure.getMessage());
        String prefix = fieldPath + ": ";
        return new Violation(fieldPath, text.startsWith(prefix) ? text.substring(prefix.length()) : text);
    }

    private static Optional<Violation> pendingChanges(String vmName, UndoJournal journal) {
        if (Files.exists(journal.file()) && !journal.pending().isEmpty()) {
            return Optional.of(new Violation("name", "VM " + vmName + " still has host changes recorded in "
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
        return new PreparedHost(paths, vars, vfio, tapNames, macvtaps, handlers);
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
        PreparedHost.undoAll(journal, handlers);
        // the runtime directory's line is not forced to disk (UndoJournal): find it by the layout
        HostChange runtimeDir = new HostChange.DirectoryCreated(paths.runtimeDir());
        if (!pending.contains(runtimeDir) && Files.isDirectory(paths.runtimeDir())) {
            handlers.undo(runtimeDir);
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
