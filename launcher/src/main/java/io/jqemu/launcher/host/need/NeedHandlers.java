package io.jqemu.launcher.host.need;

import io.jqemu.core.model.PciAddress;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.HostChange;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.UndoJournal;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.launcher.host.internal.FileTrees;
import io.jqemu.launcher.host.net.MacvtapLinks;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.pci.PciBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The handler of every kind of host need, picked by one exhaustive {@code switch} over
 * {@link HostResource} ({@link #of}); runs a VM's checks, applies its needs stage by stage, and
 * undoes journaled changes with the handler that made them.
 */
public final class NeedHandlers {
    /** How long the kernel gets to create a virtual function after {@code sriov_numvfs} is written. */
    public static final Duration VIRTUAL_FUNCTION_TIMEOUT = Duration.ofSeconds(10);

    /** How long a helper process (swtpm, virtiofsd) may take until it listens on its socket. */
    public static final Duration HELPER_READY_TIMEOUT = Duration.ofSeconds(30);
    /** How long a helper has after SIGTERM, and again after SIGKILL, to exit. */
    public static final Duration HELPER_END_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@code swtpm_setup} may take to initialise a TPM state. */
    public static final Duration TPM_SETUP_TIMEOUT = Duration.ofSeconds(120);

    private final HostRoot host;
    private final ImageFileHandler imageFile = new ImageFileHandler();
    private final BlockDeviceHandler blockDevice = new BlockDeviceHandler();
    private final OvmfVarsHandler ovmfVars = new OvmfVarsHandler();
    private final TapToCreateHandler tapToCreate;
    private final ExistingTapHandler existingTap;
    private final MacvtapHandler macvtap;
    private final VfioDeviceHandler vfioDevice;
    private final SriovVirtualFunctionHandler sriov;
    private final UsbHostDeviceHandler usbHostDevice;
    private final HostDeviceNodeHandler hostDeviceNode = new HostDeviceNodeHandler();
    private final ListeningSocketHandler listeningSocket = new ListeningSocketHandler();
    private final OutputFileHandler outputFile = new OutputFileHandler();
    private final SharedDirectoryHandler sharedDirectory = new SharedDirectoryHandler();
    private final KvmHandler kvm = new KvmHandler();
    private final ImageToCreateHandler imageToCreate = new ImageToCreateHandler(imageFile);
    private final SeedDirectoryHandler seedDirectory = new SeedDirectoryHandler();
    private final HelperDaemonHandler helperDaemon;
    private final TpmStateHandler tpmState = new TpmStateHandler(TPM_SETUP_TIMEOUT);
    private final HugePageMemoryHandler hugePageMemory;
    private final HostCpusHandler hostCpus;
    private final ConsolePasswordFileHandler consolePasswordFile = new ConsolePasswordFileHandler();
    private final QemuUserHandler qemuUser;
    private final LockedMemoryHandler lockedMemory;

    /**
     * Handlers for the host seen through {@code host}.
     *
     * @param taps  the tap device access, asked for only when a VM needs a tap
     * @param links the macvtap access, asked for only when a VM needs a macvtap
     */
    public NeedHandlers(HostRoot host, Supplier<TapDevices> taps, Supplier<? extends MacvtapLinks> links) {
        this(host, taps, links, VIRTUAL_FUNCTION_TIMEOUT);
    }

    /** Same, waiting at most {@code virtualFunctionTimeout} for an enabled virtual function to appear. */
    public NeedHandlers(HostRoot host, Supplier<TapDevices> taps, Supplier<? extends MacvtapLinks> links,
                        Duration virtualFunctionTimeout) {
        this.host = Objects.requireNonNull(host, "host");
        PciBus bus = new PciBus(host);
        this.tapToCreate = new TapToCreateHandler(taps);
        this.existingTap = new ExistingTapHandler(taps);
        this.macvtap = new MacvtapHandler(taps, links);
        this.vfioDevice = new VfioDeviceHandler(bus);
        this.sriov = new SriovVirtualFunctionHandler(bus, vfioDevice, virtualFunctionTimeout);
        this.usbHostDevice = new UsbHostDeviceHandler(host);
        this.helperDaemon = new HelperDaemonHandler(new HelperProcesses(host, HELPER_END_TIMEOUT, HELPER_END_TIMEOUT),
                HELPER_READY_TIMEOUT);
        this.hugePageMemory = new HugePageMemoryHandler(host);
        this.hostCpus = new HostCpusHandler(host);
        this.qemuUser = new QemuUserHandler(host, bus, taps);
        this.lockedMemory = new LockedMemoryHandler(host);
    }

    /** A need with the handler of its kind. */
    record Bound<R extends HostResource>(R need, NeedHandler<R> handler) {
        Stage stage() {
            return handler.stage();
        }

        Optional<PciAddress> passthroughAddress() {
            return handler.passthroughAddress(need);
        }

        void check(Inspection inspection) {
            inspection.verify(need.fieldPath(), () -> handler.check(need, inspection));
        }

        void apply(Application application) {
            handler.apply(need, application);
        }

        String describe(Inspection inspection) {
            return handler.describe(need, inspection);
        }
    }

    /** The handler of {@code need}'s kind. */
    Bound<?> of(HostResource need) {
        return switch (need) {
            case HostResource.ImageFile r -> new Bound<>(r, imageFile);
            case HostResource.BlockDevice r -> new Bound<>(r, blockDevice);
            case HostResource.OvmfVars r -> new Bound<>(r, ovmfVars);
            case HostResource.TapToCreate r -> new Bound<>(r, tapToCreate);
            case HostResource.ExistingTap r -> new Bound<>(r, existingTap);
            case HostResource.MacvtapToCreate r -> new Bound<>(r, macvtap);
            case HostResource.VfioDevice r -> new Bound<>(r, vfioDevice);
            case HostResource.SriovVirtualFunction r -> new Bound<>(r, sriov);
            case HostResource.UsbHostDevice r -> new Bound<>(r, usbHostDevice);
            case HostResource.HostDeviceNode r -> new Bound<>(r, hostDeviceNode);
            case HostResource.ListeningSocket r -> new Bound<>(r, listeningSocket);
            case HostResource.OutputFile r -> new Bound<>(r, outputFile);
            case HostResource.SharedDirectory r -> new Bound<>(r, sharedDirectory);
            case HostResource.Kvm r -> new Bound<>(r, kvm);
            case HostResource.ImageToCreate r -> new Bound<>(r, imageToCreate);
            case HostResource.SeedDirectory r -> new Bound<>(r, seedDirectory);
            case HostResource.HelperDaemon r -> new Bound<>(r, helperDaemon);
            case HostResource.TpmState r -> new Bound<>(r, tpmState);
            case HostResource.HugePageMemory r -> new Bound<>(r, hugePageMemory);
            case HostResource.HostCpus r -> new Bound<>(r, hostCpus);
            case HostResource.ConsolePasswordFile r -> new Bound<>(r, consolePasswordFile);
            case HostResource.QemuUser r -> new Bound<>(r, qemuUser);
            case HostResource.LockedMemory r -> new Bound<>(r, lockedMemory);
        };
    }

    /**
     * The outcome of checking one need.
     *
     * @param need        the need
     * @param description what preparing the host does for it
     * @param failures    the checks it failed, empty when it can be prepared
     */
    public record Checked(HostResource need, String description, List<Inspection.Failure> failures) {
        /** Copies the failures. */
        public Checked {
            failures = List.copyOf(failures);
        }
    }

    /** Checks every need of the VM whose directories are {@code paths}, changing nothing, and describes each. */
    public List<Checked> check(VmPaths paths, List<HostResource> needs) {
        Inspection inspection = inspection(paths, needs);
        List<Checked> out = new ArrayList<>();
        for (HostResource need : needs) {
            Bound<?> bound = of(need);
            int before = inspection.failureCount();
            bound.check(inspection);
            out.add(new Checked(need, bound.describe(inspection), inspection.failuresFrom(before)));
        }
        return out;
    }

    /** The checks of {@link #check} without descriptions: every failure, in the order of the needs. */
    public List<Inspection.Failure> failures(VmPaths paths, List<HostResource> needs) {
        Inspection inspection = inspection(paths, needs);
        needs.forEach(need -> of(need).check(inspection));
        return inspection.failures();
    }

    /** Whether applying {@code needs} changes the host at all (false when every need is only checked). */
    public boolean changeTheHost(List<HostResource> needs) {
        return needs.stream().anyMatch(need -> of(need).stage() != Stage.CHECK_ONLY);
    }

    private Inspection inspection(VmPaths paths, List<HostResource> needs) {
        Set<PciAddress> passed = new LinkedHashSet<>();
        needs.forEach(need -> of(need).passthroughAddress().ifPresent(passed::add));
        return new Inspection(HostFacts.probe(host), paths, passed);
    }

    /**
     * Applies the needs stage by stage ({@link Stage}), each change journaled in {@code journal}
     * before it is made. On failure the caller undoes what the journal holds.
     */
    public Application apply(VmPaths paths, List<HostResource> needs, UndoJournal journal) {
        Application application = new Application(paths, journal);
        for (Stage stage : Stage.values()) {
            for (HostResource need : needs) {
                Bound<?> bound = of(need);
                if (bound.stage() == stage) {
                    bound.apply(application);
                }
            }
            if (stage == Stage.PASSTHROUGH) {
                vfioDevice.bindClaimed(application);
            }
        }
        return application;
    }

    /** Undoes one journaled change with the handler that made it; idempotent (safe when it never happened). */
    public void undo(HostChange change) {
        switch (change) {
            case HostChange.DirectoryCreated d -> deleteTree(d.directory());
            case HostChange.SriovEnabled s -> sriov.undo(s);
            case HostChange.VfioBound v -> vfioDevice.undo(v);
            case HostChange.TapCreated t -> tapToCreate.undo(t);
            case HostChange.TapAttached a -> tapToCreate.undo(a);
            case HostChange.MacvtapCreated m -> macvtap.undo(m);
            case HostChange.ImageCreated i -> imageToCreate.undo(i);
            case HostChange.HelperStarted h -> helperDaemon.undo(h);
            case HostChange.OwnerChanged o -> qemuUser.undo(o);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new HostException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
