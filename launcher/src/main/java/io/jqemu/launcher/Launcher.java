package io.jqemu.launcher;

import io.jqemu.core.Violation;
import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.SerialPort;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.GuestRam;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RemoteConsole;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.launcher.block.ActiveImages;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.HostPreparation;
import io.jqemu.launcher.host.HostReport;
import io.jqemu.launcher.host.HostRoot;
import io.jqemu.launcher.host.net.TapDevices;
import io.jqemu.launcher.host.PreparedHost;
import io.jqemu.launcher.host.QemuAccount;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.launcher.vm.ConsoleAccess;
import io.jqemu.launcher.vm.DeviceHostPreparer;
import io.jqemu.launcher.vm.QemuProcess;
import io.jqemu.launcher.vm.VmLock;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.Cont;
import io.jqemu.qmp.command.QomList;
import io.jqemu.qmp.command.QueryPci;
import io.jqemu.qmp.command.QueryStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts QEMU for a {@link Machine} and hands back a {@link RunningVm}; finds running VMs again
 * with {@link #reattach}. Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>A launch: resolve the host facts (accelerator and vhost {@code auto}), render the argv with
 * {@code -S}, prepare the host (every change journaled before it is made), start QEMU (argv list,
 * no shell; stdout and stderr into {@code qemu.log} in the state directory and to SLF4J), connect
 * QMP, then {@code cont} unless the launch asked for a paused guest. When any step fails,
 * everything done so far is undone; when QEMU exits during start the error carries QEMU's own text.
 *
 * <p>One controller per VM: a launch or re-attach first takes the VM's {@link VmLock} (an exclusive
 * lock on a file in its state directory) and holds it for as long as its {@link RunningVm} controls
 * the VM; another launcher, in this process or another, is refused at once with a
 * {@link VmLockedException} naming the holder, before anything is changed.
 */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(2);
    /** How long loading a saved state may take. */
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(10);

    private final String qemuBinary;
    private final HostPreparation preparation;
    private final Duration startTimeout;
    private final ShutdownTimeouts shutdownTimeouts;
    private final boolean stopVmsOnJvmExit;
    private final String controller;
    private final boolean schemaCheck;
    private final Set<RunningVm> owned = ConcurrentHashMap.newKeySet();
    private final ThreadPinner threadPinner = new ThreadPinner(io.jqemu.launcher.host.ThreadAffinity.system());
    private volatile Thread shutdownHook;

    private Launcher(Builder b) {
        this.qemuBinary = b.qemuBinary;
        HostLayout layout = new HostLayout(b.stateRoot.orElse(HostLayout.defaults().stateRoot()),
                b.runtimeRoot.orElse(HostLayout.defaults().runtimeRoot()));
        this.preparation = b.preparation.orElseGet(() -> b.hostRoot
                .map(root -> new HostPreparation(root, layout, TapDevices::new))
                .orElseGet(() -> HostPreparation.forSystem(layout)));
        this.startTimeout = b.startTimeout;
        this.shutdownTimeouts = b.shutdownTimeouts;
        this.stopVmsOnJvmExit = b.stopVmsOnJvmExit;
        this.controller = b.controller;
        this.schemaCheck = b.schemaCheck;
    }

    /** A builder with the defaults described on its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** The facts this launcher decides {@code auto} settings from. */
    public HostFacts hostFacts() {
        return preparation.facts();
    }

    /** Launches a machine and lets the guest run. */
    public RunningVm launch(Machine machine) {
        return launch(machine, LaunchOptions.running());
    }

    /**
     * Launches a machine.
     *
     * @param machine the machine (validated while it is rendered)
     * @param options whether to leave the guest paused, and a saved state to restore
     * @return the running (or paused) VM, its monitor connected
     * @throws io.jqemu.core.InvalidMachineException when the machine is invalid
     * @throws io.jqemu.launcher.host.HostException when the host cannot be prepared (the error names the field)
     * @throws LaunchFailedException when QEMU exits during start or its monitor does not answer
     * @throws VmLockedException when another controller holds the VM (nothing was changed)
     * @throws StateMismatchException when {@link LaunchOptions#restoreFrom()} names a state that this
     *         machine or its disks cannot take (checked before anything is changed)
     */
    public RunningVm launch(Machine machine, LaunchOptions options) {
        Optional<VmStateFile.Header> saved = options.restoreFrom().map(VmStateFile::read);
        LaunchPlan plan = saved.isPresent()
                ? render(machine, true, saved.get().ram().restoredAs(options.restoreFrom().get()))
                : render(machine, false, options.template() ? Optional.of(templateRam(machine)) : Optional.empty());
        saved.ifPresent(header -> VmStateFile.verify(options.restoreFrom().get(), header, machine, plan.argv(),
                VmStateFile.stamp(machine)));
        VmPaths paths = plan.paths();
        RenderContext context = plan.context();
        RenderedMachine rendered = plan.rendered();
        CreatedStateDir stateDir = CreatedStateDir.before(paths.stateDir());
        paths.ensureStateDir();
        // never undo the state directory without the lock: it may be another controller's by now
        VmLock lock = VmLock.acquire(paths.stateDir(), machine.name(), controller);
        HelperOutputs helpers = HelperOutputs.before(plan.hostResources());
        PreparedHost host;
        Optional<String> givenPassword;
        try {
            givenPassword = ConsoleAccess.givenPassword(machine);
            host = preparation.prepare(machine.name(), plan.hostResources());
        } catch (RuntimeException e) {
            undoQuietly(stateDir::undo, e);
            lock.close();
            throw e;
        }
        OutputFiles outputs = null;
        QemuProcess process = null;
        QmpClient qmp = null;
        RunningVm vm = null;
        try {
            outputs = OutputFiles.create(rendered.hostResources());
            if (options.template()) {
                TemplateRam.create(paths.runtimeDir().resolve(TemplateRam.FILE_NAME));
            }
            process = QemuProcess.start(rendered.argv(), paths.qemuLog(), machine.name());
            Optional<Path> serial = serialSocket(machine, paths);
            // Written while QEMU initialises (it opens its monitor only tens of ms after the spawn).
            // No start instant means QEMU has already died: connect() then fails with its own text.
            Optional<Instant> started = process.startInstant();
            if (started.isPresent()) {
                writeRecord(machine.name(), process, started.get(), paths, serial);
            }
            qmp = connect(paths.socket("qmp"), process, machine.name());
            if (started.isEmpty()) {
                writeRecord(machine.name(), process, process.startInstant().orElseThrow(
                        () -> new LaunchFailedException("QEMU of " + machine.name() + " exited during start")), paths, serial);
            }
            restrictSockets(paths.socket("qmp"), serial);
            Optional<RemoteConsole> console = RemoteConsole.of(machine, context);
            Optional<String> consolePassword = ConsoleAccess.open(machine.name(), console, givenPassword, qmp,
                    paths.stateDir());
            vm = new RunningVm(new RunningVm.VmParts(machine.name(), paths.stateDir(), serial, process, qmp, host,
                    Optional.of(machine), rendered.hotplugRootPorts(), context, devicePreparer(machine.name(), machine.runAs()),
                    preparation.tapDescriptors(), shutdownTimeouts, lock));
            vm.remoteConsole(console, consolePassword);
            vm.plugMonitorPlans(rendered.monitorPlans());
            vm.pinned(threadPinner.pin(machine, process.pid(), qmp));
            if (options.restoreFrom().isPresent()) {
                restoreState(machine.name(), qmp, process, options.restoreFrom().get(),
                        saved.get().ram().file().isPresent());
            }
            if (!options.paused()) {
                qmp.send(new Cont());
            }
            host.keepCreatedImages();
            vm.started(options.paused());
            own(vm);
            return vm;
        } catch (RuntimeException e) {
            RuntimeException failure = e;
            if (process != null) {
                failure = undoStart(machine.name(), process, qmp, vm, e);
            }
            failure = helpers.explain(failure); // before the undo, which may remove the helpers' logs
            RuntimeException reported = failure;
            OutputFiles made = outputs;
            undoQuietly(() -> {
                if (made != null) {
                    made.undo();
                }
                host.close();
                VmRecord.deleteFrom(paths.stateDir());
                ConsoleAccess.forget(paths.stateDir());
                stateDir.undo(); // while the lock is held, so no other controller's directory is removed
            }, reported);
            lock.close();
            throw failure;
        }
    }

    private static void restoreState(String name, QmpClient qmp, QemuProcess process, Path file, boolean ramInFile) {
        try {
            StateTransfer.restore(name, qmp, file, ramInFile, RESTORE_TIMEOUT);
            LOG.info("VM {}: state restored from {}", name, file);
        } catch (RuntimeException e) {
            awaitQuietly(process.onExit(), EXIT_GRACE);
            if (process.onExit().isDone()) {
                throw new LaunchFailedException("VM " + name + ": QEMU exited while restoring the state from " + file
                        + " (" + process.onExit().join() + "): " + process.recentOutput(), e);
            }
            throw e;
        }
    }

    private static void undoQuietly(Runnable undo, RuntimeException failure) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * What {@link #launch} would pass to QEMU for {@code machine} on this host, without changing
     * anything: the argv with {@code -S} (launch continues over QMP unless asked for a paused
     * guest), the VM's socket and OVMF vars paths, {@code auto} accelerator and vhost resolved from
     * {@link #hostFacts()}, and the host resources. {@code launch} uses this very method.
     *
     * @throws io.jqemu.core.InvalidMachineException when the machine is invalid
     * @throws io.jqemu.launcher.host.HostException when a socket path would be too long ({@code runtimeRoot})
     */
    public LaunchPlan render(Machine machine) {
        return render(machine, false, Optional.empty());
    }

    /**
     * {@link #render(Machine)} for a launch that restores a saved state ({@link LaunchOptions#restoring}):
     * the same argv with {@code -incoming defer} after {@code -S}.
     */
    public LaunchPlan renderForRestore(Machine machine) {
        return render(machine, true, Optional.empty());
    }

    /**
     * {@link #renderForRestore(Machine)} for the state in {@code stateFile}: a template's state adds the
     * private mapping of its RAM file ({@code -object memory-backend-file,...,share=off}).
     *
     * @throws StateMismatchException when the file is not a complete state file
     */
    public LaunchPlan renderForRestore(Machine machine, Path stateFile) {
        return render(machine, true, VmStateFile.read(stateFile).ram().restoredAs(stateFile));
    }

    /**
     * {@link #render(Machine)} for a template VM ({@link LaunchOptions#asTemplate()}): its RAM in a
     * shared file in its runtime directory.
     */
    public LaunchPlan renderAsTemplate(Machine machine) {
        return render(machine, false, Optional.of(templateRam(machine)));
    }

    private GuestRam templateRam(Machine machine) {
        VmPaths paths = preparation.layout().forVm(machine.name());
        return GuestRam.inFile(paths.runtimeDir().resolve(TemplateRam.FILE_NAME).toString(), true);
    }

    private LaunchPlan render(Machine given, boolean incomingState, Optional<GuestRam> guestRam) {
        VmPaths paths = preparation.layout().forVm(given.name());
        RenderContext.Builder builder = renderContext(paths).toBuilder().incomingState(incomingState);
        guestRam.ifPresent(builder::guestRam);
        RenderContext context = builder.build();
        Machine machine = ActiveImages.apply(given, paths.stateDir());
        RenderedMachine rendered = MachineRenderer.render(machine, context);
        List<HostResource> needs = new ArrayList<>();
        if (machine.accelerator() == Accelerator.KVM) {
            needs.add(new HostResource.Kvm("accelerator"));
        }
        needs.addAll(rendered.hostResources());
        return new LaunchPlan(machine, paths, context, rendered, needs);
    }

    /**
     * The one render context of this launcher for a VM with {@code paths}: launch, argv, check and
     * re-attach all render with it, so a device plugged after a re-attach resolves {@code auto}
     * settings (vhost-net, the accelerator) exactly as at launch.
     */
    private RenderContext renderContext(VmPaths paths) {
        HostFacts facts = preparation.facts();
        return RenderContext.builder()
                .qemuBinary(qemuBinary)
                .autoAccelerator(facts.kvmForAuto() ? Accelerator.KVM : Accelerator.TCG)
                .vhostNetAvailable(facts.vhostForAuto())
                .qmpSocket(paths.socket("qmp").toString())
                .runtimeDir(paths.runtimeDir().toString())
                .ovmfVars(paths.ovmfVars().toString())
                .stateDir(paths.stateDir().toString())
                .startPaused(true)
                .monitorTapFds(true)
                .virtualFunctions(facts::virtualFunctionAddress)
                .hugePageMounts(size -> facts.hugePages().mountFor(size))
                .build();
    }

    /**
     * Checks the host for {@code machine} the way {@link #launch} does before it changes anything
     * (paths, KVM, vhost, PCI devices and their IOMMU groups, taps, bridges, USB devices, socket
     * directories), changing nothing, and lists every failure instead of stopping at the first.
     *
     * @return the failed checks, each with its field path (e.g. {@code disks[1].path}); empty when
     *         the host can run the machine
     * @throws io.jqemu.core.InvalidMachineException when the machine is invalid
     * @throws io.jqemu.launcher.host.HostException when a socket path would be too long ({@code runtimeRoot})
     */
    public List<Violation> preflight(Machine machine) {
        return hostReport(machine).findings();
    }

    /**
     * What {@code jqemu check} shows for {@code machine}: the checks of {@link #preflight}, and for
     * every host resource what preparing the host does for it. Changes nothing.
     *
     * @throws io.jqemu.core.InvalidMachineException when the machine is invalid
     * @throws io.jqemu.launcher.host.HostException when a socket path would be too long ({@code runtimeRoot})
     */
    public HostReport hostReport(Machine machine) {
        LaunchPlan plan = render(machine);
        return preparation.report(machine.name(), plan.hostResources());
    }

    /**
     * Asks this launcher's QEMU binary whether it can give {@code machine}'s CPU under the accelerator
     * the VM would get: the model exists and none of its features is unavailable
     * ({@code query-cpu-definitions}), and QEMU knows every flag and Hyper-V enlightenment
     * ({@code query-cpu-model-expansion}). Starts a short-lived QEMU with no machine; changes nothing else.
     * {@code jqemu check} reports these; a launch does not ask (it would cost a second QEMU start): QEMU
     * itself refuses an unknown model, flag or enlightenment at start, and only warns in its log about
     * features the accelerator cannot give.
     *
     * @return the problems, each at its field ({@code cpu.model}, {@code cpu.flags[1]}, {@code cpu.hyperv})
     */
    public List<Violation> cpuCheck(Machine machine) {
        Accelerator accelerator = machine.accelerator() != Accelerator.AUTO ? machine.accelerator()
                : preparation.facts().kvmForAuto() ? Accelerator.KVM : Accelerator.TCG;
        return new CpuModelCheck(qemuBinary, startTimeout).check(machine.cpu(), accelerator);
    }

    /**
     * Connects to a VM another launcher (perhaps in another JVM) started and that is still
     * running. The other side must have let go of the monitor ({@link RunningVm#disconnect()}):
     * QEMU serves one QMP client per socket. Hotplug needs the machine: see
     * {@link #reattach(Path, Machine)}.
     *
     * @throws VmNotRunningException when the VM is gone; what it left on the host is undone first
     * @throws VmLockedException when another controller holds the VM (nothing was changed)
     * @throws io.jqemu.launcher.host.HostException when the state or runtime directory fails the
     *         ownership checks of {@link HostLayout}
     */
    public RunningVm reattach(Path stateDir) {
        return reattach(stateDir, Optional.empty());
    }

    /** {@link #reattach(Path)} for a VM launched from {@code machine}, so that hotplug works. */
    public RunningVm reattach(Path stateDir, Machine machine) {
        return reattach(stateDir, Optional.of(machine));
    }

    private RunningVm reattach(Path stateDir, Optional<Machine> machine) {
        VmPaths paths = VmPaths.load(stateDir);
        VmLock lock = VmLock.acquire(stateDir, stateDir.getFileName().toString(), controller);
        try {
            return reattach(stateDir, machine, paths, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private RunningVm reattach(Path stateDir, Optional<Machine> machine, VmPaths paths, VmLock lock) {
        Optional<VmRecord> record = VmRecord.readFrom(stateDir);
        Optional<QemuProcess> process = record.flatMap(r -> QemuProcess.attach(r.pid(), r.started(), paths.qemuLog(), r.name()));
        if (process.isEmpty()) {
            List<String> undone = preparation.reconcile(stateDir).stream().map(Object::toString).toList();
            VmRecord.deleteFrom(stateDir);
            ConsoleAccess.forget(stateDir);
            throw new VmNotRunningException(stateDir, undone);
        }
        VmRecord r = record.orElseThrow();
        QmpClient qmp = connect(r.qmpSocket(), process.get(), r.name());
        RunningVm vm = null;
        try {
            PreparedHost host = preparation.resume(stateDir);
            List<String> rootPorts = List.of();
            RenderContext context = renderContext(paths);
            if (machine.isPresent()) {
                rootPorts = RootPorts.free(MachineRenderer.render(machine.get(), context).hotplugRootPorts(),
                        qmp.send(new QueryPci()));
            }
            vm = new RunningVm(new RunningVm.VmParts(r.name(), stateDir, r.serialSocket(), process.get(), qmp,
                    host, machine, rootPorts, context, devicePreparer(r.name(), machine.flatMap(Machine::runAs)),
                    preparation.tapDescriptors(),
                    shutdownTimeouts, lock));
            adoptHotpluggedDevices(vm, qmp);
            if (machine.isPresent()) {
                vm.pinned(threadPinner.pin(machine.get(), r.pid(), qmp));
            }
            vm.remoteConsole(machine.flatMap(m -> RemoteConsole.of(m, context)), ConsoleAccess.storedPassword(stateDir));
            vm.started(!qmp.send(new QueryStatus()).running());
        } catch (RuntimeException e) {
            // let go of the monitor (and, through the handle, of the VM): the next controller needs both
            if (vm != null) {
                vm.disconnect();
            } else {
                qmp.close();
            }
            throw e;
        }
        own(vm);
        LOG.info("re-attached to VM {} (pid {})", r.name(), r.pid());
        return vm;
    }

    /**
     * Takes over the devices earlier controllers hot-plugged with host changes of their own (journals
     * in {@code <vm>.<id>}): the re-attached VM undoes them when the device is detached or the VM
     * ends. A journal whose device QEMU does not have (the controller died while plugging it) is
     * undone at once.
     */
    private void adoptHotpluggedDevices(RunningVm vm, QmpClient qmp) {
        List<String> present = qmp.send(new QomList("/machine/peripheral")).stream()
                .map(io.jqemu.qmp.command.QomProperty::name).toList();
        for (Path dir : HotplugRecord.deviceStateDirs(vm.stateDir())) {
            String id = HotplugRecord.deviceId(vm.stateDir(), dir);
            if (!present.contains(id)) {
                List<String> undone = preparation.reconcile(dir).stream().map(Object::toString).toList();
                HotplugRecord.forget(dir);
                LOG.warn("VM {}: device {} is not in QEMU; undid the host changes recorded for it: {}", vm.name(), id,
                        undone);
                continue;
            }
            PreparedHost host = preparation.resume(dir);
            DevicePlan plan = HotplugRecord.readFrom(dir).map(HotplugRecord::plan)
                    .orElseGet(() -> HotplugRecord.unknownPlan(id));
            vm.adopt(plan, () -> {
                host.close();
                HotplugRecord.forget(dir);
            });
        }
    }

    private QmpClient connect(Path socket, QemuProcess process, String name) {
        awaitSocketFile(socket, process);
        QmpClient.Builder monitor = QmpClient.builder().unixSocket(socket)
                .connectTimeout(startTimeout);
        if (schemaCheck) {
            monitor.schemaCheck(SchemaCaches.forProcess(process.pid()));
        }
        CompletableFuture<QmpClient> connecting = monitor.connectAsync();
        Throwable failure = null;
        try {
            CompletableFuture.anyOf(connecting, process.onExit()).get(startTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = new TimeoutException("no QMP session within " + HumanDuration.of(startTimeout.plusSeconds(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("VM " + name + ": interrupted while connecting to QMP", e);
        }
        if (failure != null || !connecting.isDone()) {
            // a monitor that fails usually means QEMU is exiting: give the exit a moment to be seen
            awaitQuietly(process.onExit(), EXIT_GRACE);
        }
        if (process.onExit().isDone()) {
            connecting.thenAccept(QmpClient::close);
            ExitStatus status = process.onExit().join();
            throw new LaunchFailedException("VM " + name + ": QEMU exited during start (" + status + "): "
                    + process.recentOutput());
        }
        if (failure != null) {
            throw new LaunchFailedException("VM " + name + ": cannot connect to QMP at " + socket + ": "
                    + failure.getMessage(), failure);
        }
        return connecting.join();
    }

    /**
     * Waits (polling every millisecond, at most the start timeout) until QEMU has created its QMP
     * socket or exited, so that the client's first connect attempt usually succeeds.
     *
     * <p>The QMP client retries a refused connect by itself, but only every 10 ms; QEMU creates the
     * socket some tens of milliseconds into its start, so without this poll a launch would wait for
     * the client's next attempt. The poll costs one stat per millisecond. The launch figures with and
     * without it are in the benchmarks module's README.
     */
    private void awaitSocketFile(Path socket, QemuProcess process) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!Files.exists(socket) && !process.onExit().isDone() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailedException("interrupted while waiting for QEMU's monitor socket " + socket, e);
            }
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("still waiting: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RuntimeException undoStart(String name, QemuProcess process, QmpClient qmp, RunningVm vm,
            RuntimeException cause) {
        if (vm != null) {
            vm.kill();
            return cause;
        }
        if (qmp != null) {
            qmp.close();
        }
        if (!process.onExit().isDone()) {
            process.kill();
        }
        process.onExit().completeOnTimeout(ExitStatus.unknown(), 10, TimeUnit.SECONDS).join();
        return cause;
    }

    private static Optional<Path> serialSocket(Machine machine, VmPaths paths) {
        List<SerialPort> serials = machine.serials();
        for (int i = 0; i < serials.size(); i++) {
            if (serials.get(i).backend() instanceof CharBackend.UnixSocket u) {
                return Optional.of(u.path().map(Path::of).orElse(paths.runtimeDir().resolve("serial" + i + ".sock")));
            }
        }
        return Optional.empty();
    }

    private static void restrictSockets(Path qmpSocket, Optional<Path> serial) {
        VmPaths.restrictSocket(qmpSocket);
        serial.filter(Files::exists).ifPresent(VmPaths::restrictSocket);
    }

    private DeviceHostPreparer devicePreparer(String vmName, Optional<String> runAs) {
        // host changes for a hot-plugged device get their own journal, undone on unplug; a tap or vfio
        // group QEMU opens after it dropped privileges (-runas) must be handed to its user
        return (deviceId, resources) -> {
            if (runAs.isPresent() && resources.stream().anyMatch(HostResource.TapToCreate.class::isInstance)) {
                QemuAccount.lookup("runAs", runAs.get()).requireReadWrite("runAs", Path.of("/dev/net/tun"),
                        "QEMU opens a NIC's tap through it when the NIC is attached after start; make it "
                                + "crw-rw-rw- (Debian's default) or give the VM its NICs before start");
            }
            return preparation.prepareDevice(vmName + "." + deviceId,
                    runAs.filter(user -> resources.stream().anyMatch(Launcher::opensAsQemuUser))
                            .map(user -> Stream.concat(resources.stream(),
                                    Stream.of((HostResource) new HostResource.QemuUser(user, "runAs"))).toList())
                            .orElse(resources));
        };
    }

    private static boolean opensAsQemuUser(HostResource need) {
        return need instanceof HostResource.TapToCreate || need instanceof HostResource.VfioDevice
                || need instanceof HostResource.SriovVirtualFunction;
    }

    private void own(RunningVm vm) {
        owned.add(vm);
        vm.onDisconnect(owned::remove);
        vm.terminated().whenComplete((s, t) -> owned.remove(vm));
        if (stopVmsOnJvmExit && shutdownHook == null) {
            synchronized (this) {
                if (shutdownHook == null) {
                    shutdownHook = new Thread(this::stopAllOnJvmExit, "jqemu-launcher-shutdown");
                    Runtime.getRuntime().addShutdownHook(shutdownHook);
                }
            }
        }
    }

    private void stopAllOnJvmExit() {
        for (RunningVm vm : List.copyOf(owned)) {
            try {
                LOG.warn("JVM exit: stopping VM {}", vm.name());
                vm.stop();
            } catch (RuntimeException e) {
                LOG.error("JVM exit: stopping VM {} failed: {}", vm.name(), e.getMessage());
            }
        }
    }

    /** Configures a {@link Launcher}. */
    public static final class Builder {
        /** The environment variable that turns the default schema check off with the value {@code off}. */
        public static final String SCHEMA_CHECK_ENV = "JQEMU_SCHEMA_CHECK";

        private String qemuBinary = "qemu-system-x86_64";
        private Optional<Path> stateRoot = Optional.empty();
        private Optional<Path> runtimeRoot = Optional.empty();
        private Optional<HostPreparation> preparation = Optional.empty();
        private Optional<HostRoot> hostRoot = Optional.empty();
        private Duration startTimeout = Duration.ofSeconds(30);
        private ShutdownTimeouts shutdownTimeouts = ShutdownTimeouts.defaults();
        private boolean stopVmsOnJvmExit = true;
        private String controller = defaultController();
        private boolean schemaCheck = !"off".equalsIgnoreCase(System.getenv(SCHEMA_CHECK_ENV));

        private Builder() {
        }

        /**
         * Whether every QMP command is checked against the running QEMU's QAPI schema (and
         * {@code device_add} against its driver's properties) before it is sent; a wrong one fails
         * with {@code QmpSchemaException} naming the command and the argument. The schema is read
         * once per QEMU binary and JVM. Default on, unless the environment variable
         * {@value #SCHEMA_CHECK_ENV} is {@code off}.
         */
        public Builder schemaCheck(boolean value) {
            this.schemaCheck = value;
            return this;
        }

        private static String defaultController() {
            String command = System.getProperty("sun.java.command");
            return command == null || command.isBlank() ? "java" : command;
        }

        /**
         * How this process names itself in a VM's lock, so that a controller refused the VM can say
         * who holds it (e.g. {@code jqemu run /srv/vm.toml}); default the JVM's main class and arguments.
         */
        public Builder controller(String value) {
            if (Objects.requireNonNull(value, "controller").isBlank()) {
                throw new IllegalArgumentException("controller must not be blank");
            }
            this.controller = value;
            return this;
        }

        /** The QEMU binary, a path or a name looked up on {@code PATH}; default {@code qemu-system-x86_64}. */
        public Builder qemuBinary(String value) {
            this.qemuBinary = Objects.requireNonNull(value, "qemuBinary");
            return this;
        }

        /** The parent of every VM's state directory; default per {@link HostLayout#defaults()}. */
        public Builder stateRoot(Path value) {
            this.stateRoot = Optional.of(value.toAbsolutePath());
            return this;
        }

        /** The parent of every VM's runtime directory (keep it short: socket paths); default per {@link HostLayout#defaults()}. */
        public Builder runtimeRoot(Path value) {
            this.runtimeRoot = Optional.of(value.toAbsolutePath());
            return this;
        }

        /**
         * Where the host's {@code /sys}, {@code /dev} and {@code /proc} are read (and sysfs written):
         * {@code /} by default, a fake tree in tests. Ignored when {@link #hostPreparation} is set.
         */
        public Builder hostRoot(HostRoot value) {
            this.hostRoot = Optional.of(value);
            return this;
        }

        /**
         * The host preparation to use, e.g. one over a fake host root in tests; default the real host
         * with the state and runtime roots of this builder.
         */
        public Builder hostPreparation(HostPreparation value) {
            this.preparation = Optional.of(value);
            return this;
        }

        /** How long QEMU may take until its monitor answers; default 30 s. */
        public Builder startTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + value);
            }
            this.startTimeout = value;
            return this;
        }

        /** The shutdown ladder's timeouts; default {@link ShutdownTimeouts#defaults()}. */
        public Builder shutdownTimeouts(ShutdownTimeouts value) {
            this.shutdownTimeouts = Objects.requireNonNull(value, "shutdownTimeouts");
            return this;
        }

        /**
         * Whether a JVM shutdown hook stops the VMs this launcher still owns (and undoes their host
         * changes); default true. Disconnected VMs are left running either way.
         */
        public Builder stopVmsOnJvmExit(boolean value) {
            this.stopVmsOnJvmExit = value;
            return this;
        }

        /** Builds the launcher. */
        public Launcher build() {
            return new Launcher(this);
        }
    }

    private static void writeRecord(String name, QemuProcess process, Instant started, VmPaths paths,
                                    Optional<Path> serial) {
        new VmRecord(name, process.pid(), started, paths.socket("qmp"), serial, paths.runtimeDir())
                .writeTo(paths.stateDir());
    }
}
