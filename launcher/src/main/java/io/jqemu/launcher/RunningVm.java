package io.jqemu.launcher;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.Disk;
import io.jqemu.core.model.DiskSize;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.GuestRam;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RemoteConsole;
import io.jqemu.core.render.RenderContext;
import io.jqemu.launcher.block.BlockJob;
import io.jqemu.launcher.block.BlockJobs;
import io.jqemu.launcher.block.DiskBackups;
import io.jqemu.launcher.block.DiskSnapshots;
import io.jqemu.launcher.host.TapDescriptors;
import io.jqemu.launcher.image.QemuImg;
import io.jqemu.launcher.vm.BalloonControl;
import io.jqemu.launcher.vm.ConsoleAccess;
import io.jqemu.launcher.vm.DeviceHostPreparer;
import io.jqemu.launcher.vm.ExitHandling;
import io.jqemu.launcher.vm.GuestAgentChannel;
import io.jqemu.launcher.vm.LadderTarget;
import io.jqemu.launcher.vm.QemuProcess;
import io.jqemu.launcher.vm.ShutdownLadder;
import io.jqemu.launcher.vm.VmLock;
import io.jqemu.launcher.vm.VmLogContext;
import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.launcher.vm.VmStateMachine;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.QueryStatus;
import io.jqemu.qmp.QmpEvent;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.command.BlockResize;
import io.jqemu.qmp.command.Cont;
import io.jqemu.qmp.command.QueryNodeSizes;
import io.jqemu.qmp.command.Quit;
import io.jqemu.qmp.command.Stop;
import io.jqemu.qmp.command.SystemPowerdown;
import io.jqemu.qmp.ga.QgaClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live VM: its state and exit status, QMP events, hotplug, the balloon, the serial console and
 * the shutdown ladder. Obtained from {@link Launcher#launch} or {@link Launcher#reattach}.
 *
 * <p>When QEMU exits, for whatever reason, every pending operation fails at once with
 * {@link VmExitedException}, the host changes made for the VM are undone, and the state becomes
 * {@link VmState#STOPPED} (QEMU shut down in order: the guest powered off, this library or someone
 * else asked QEMU to exit) or {@link VmState#CRASHED} (QEMU died of a signal or an error, or the
 * guest panicked). {@link #shutdownCause()} tells which orderly shutdown it was. Thread-safe.
 */
public final class RunningVm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningVm.class);
    /** How long the exit handling waits for the monitor's last events once QEMU has exited. */
    private static final Duration EVENTS_AFTER_EXIT = Duration.ofSeconds(2);
    /** The first {@code SHUTDOWN} is awaited for the VM's whole life. */
    private static final Duration VM_LIFETIME = Duration.ofDays(365L * 100);
    /** Runs blocking VM operations on their own virtual threads, never on the common pool. */
    private final Executor operations;

    private final String name;
    private final Path stateDir;
    private final Optional<Path> serialSocket;
    private final QemuProcess process;
    private final QmpClient qmp;
    private final VmStateMachine states;
    private final AutoCloseable host;
    private final VmLock lock;
    private final RenderContext renderContext;
    private final ShutdownTimeouts shutdownTimeouts;
    private final BalloonControl balloon;
    private final HotplugSession hotplug;
    private final GuestAgentChannel guestAgent;
    private final BlockJobs jobs;
    private final DiskSnapshots snapshots;
    private final DiskBackups backups;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final List<QmpSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Consumer<ShutdownProgress>> shutdownListeners = new CopyOnWriteArrayList<>();
    private volatile ThreadPinning threadPinning = ThreadPinning.NONE;
    private final Map<VmStateListener, BiConsumer<VmState, VmState>> listeners = new ConcurrentHashMap<>();
    private final CompletableFuture<VmState> finished = new CompletableFuture<>();
    private final CompletableFuture<Boolean> guestShutdown = new CompletableFuture<>();
    private volatile ShutdownCause shutdownCause;
    private volatile boolean exitRequested;
    /** When the reply to the last {@code stop}/{@code cont} of this handle arrived. */
    private volatile Instant runStateCommanded = Instant.MIN;
    private volatile ExitStatus exitStatus;
    private volatile boolean disconnected;
    private volatile Consumer<RunningVm> onDisconnect = vm -> { };
    private volatile Optional<RemoteConsole> remoteConsole = Optional.empty();
    private volatile Optional<String> consolePassword = Optional.empty();
    private volatile Optional<SavedState> savedAndStopped = Optional.empty();

    RunningVm(VmParts parts) {
        this.name = parts.name();
        this.operations = task -> Thread.ofVirtual().name("jqemu-vm-op").start(VmLogContext.wrap(name, task));
        this.stateDir = parts.stateDir();
        this.serialSocket = parts.serialSocket();
        this.process = parts.process();
        this.qmp = parts.qmp();
        this.host = parts.host();
        this.lock = parts.lock();
        this.renderContext = parts.renderContext();
        this.shutdownTimeouts = parts.shutdownTimeouts();
        this.states = new VmStateMachine(name, VmState.STARTING);
        this.balloon = new BalloonControl(name, qmp, process.onExit());
        this.guestAgent = new GuestAgentChannel(name, stateDir);
        this.jobs = new BlockJobs(qmp, this::track, subscriptions::add);
        Supplier<QemuImg> qemuImg = () -> QemuImg.besideQemu(renderContext.qemuBinary());
        this.snapshots = new DiskSnapshots(qmp, stateDir, jobs, qemuImg, this::guestAgent);
        this.backups = new DiskBackups(qmp, stateDir, jobs, qemuImg);
        this.hotplug = new HotplugSession(name, stateDir, qmp, process, parts.machine(), parts.spareRootPorts(),
                parts.devicePreparer(), parts.tapDescriptors(), pending, subscriptions::add);
        // an event QEMU sent before the reply to this handle's own stop/cont is already accounted for
        subscriptions.add(qmp.subscribe("STOP", VmLogContext.wrap(name, (QmpEvent e) -> {
            if (!e.timestamp().isBefore(runStateCommanded)) {
                states.moveIf(VmState.RUNNING, VmState.PAUSED);
            }
        })));
        subscriptions.add(qmp.subscribe("RESUME", VmLogContext.wrap(name, (QmpEvent e) -> {
            if (!e.timestamp().isBefore(runStateCommanded)) {
                states.moveIf(VmState.PAUSED, VmState.RUNNING);
            }
        })));
        // a waiter, not a listener: the client settles waiters in event order before it reports the
        // end of the connection, so a SHUTDOWN sent just before QEMU exits is never lost
        qmp.awaitEvent(QmpEvents.shutdown(), VM_LIFETIME).whenComplete((event, error) -> {
            if (event != null) {
                shutdownCause = ShutdownCause.of(event);
            }
            guestShutdown.complete(event != null && shutdownCause.isGuestPowerOff());
        });
        // decided on the launching thread, so host cleanup runs in the same network namespace as the launch
        ExitHandling.whenDone(process.onExit(), "vm-exit-" + name,
                VmLogContext.wrap(name, () -> onProcessExit(process.onExit().join())));
    }

    /**
     * What {@link Launcher} hands a new {@link RunningVm}.
     *
     * @param name the VM's name
     * @param stateDir its state directory
     * @param serialSocket the first serial port's unix socket, if any
     * @param process the QEMU process
     * @param qmp the connected monitor
     * @param host undoes the host preparation when closed
     * @param machine the launched machine (absent after a reattach that was not given it)
     * @param spareRootPorts the PCIe root ports free for hotplug
     * @param renderContext what the machine was rendered with (NIC hotplug needs it)
     * @param devicePreparer prepares the host for hot-plugged devices
     * @param tapDescriptors opens macvtap descriptors for NICs plugged over QMP
     * @param shutdownTimeouts the shutdown ladder's timeouts
     * @param lock the VM's controller lock, released when the VM has ended or this handle lets go
     */
    record VmParts(String name, Path stateDir, Optional<Path> serialSocket, QemuProcess process, QmpClient qmp,
            AutoCloseable host, Optional<Machine> machine, List<String> spareRootPorts, RenderContext renderContext,
            DeviceHostPreparer devicePreparer, TapDescriptors tapDescriptors, ShutdownTimeouts shutdownTimeouts,
            VmLock lock) {
    }

    void onDisconnect(Consumer<RunningVm> action) {
        this.onDisconnect = action;
    }

    /** Adds the machine's devices that go over QMP (launch, before {@code cont}). */
    void plugMonitorPlans(List<DevicePlan> plans) {
        hotplug.plugMonitorPlans(plans);
    }

    /** Takes over a device an earlier controller hot-plugged (re-attach); see {@link HotplugSession#adopt}. */
    DeviceHandle adopt(DevicePlan plan, AutoCloseable release) {
        return hotplug.adopt(this, plan, release);
    }

    /** Moves from STARTING to the state QEMU reports now (used once setup is complete). */
    void started(boolean paused) {
        if (paused) {
            states.moveIf(VmState.STARTING, VmState.PAUSED);
        } else {
            states.moveIf(VmState.STARTING, VmState.RUNNING);
        }
    }

    // ---- identity and state ----

    /** The VM's name. */
    public String name() {
        return name;
    }

    /** QEMU's process id. */
    public long pid() {
        return process.pid();
    }

    /** The VM's state directory (undo journal, QEMU log, vars file, {@code vm.properties}). */
    public Path stateDir() {
        return stateDir;
    }

    /** QEMU's log file (its stderr and stdout). */
    public Path logFile() {
        return process.logFile();
    }

    /** The current state. */
    public VmState state() {
        return states.state();
    }

    /**
     * Why QEMU shut down, from the first {@code SHUTDOWN} event it sent: known once
     * {@link #terminated()} has completed, empty when QEMU ended without one (killed, crashed).
     */
    public Optional<ShutdownCause> shutdownCause() {
        return Optional.ofNullable(shutdownCause);
    }

    /** QEMU's exit status, once it has exited (unknown for a re-attached QEMU). */
    public Optional<ExitStatus> exitStatus() {
        return Optional.ofNullable(exitStatus);
    }

    /**
     * Completes with {@link VmState#STOPPED} or {@link VmState#CRASHED} once QEMU has exited and the
     * host changes have been undone.
     */
    public CompletableFuture<VmState> terminated() {
        return finished;
    }

    /** Tells {@code listener} about every later state change, in order, on one thread per VM. */
    public void addStateListener(VmStateListener listener) {
        BiConsumer<VmState, VmState> adapter = VmLogContext.wrap(name,
                (VmState from, VmState to) -> listener.stateChanged(this, from, to));
        listeners.put(listener, adapter);
        states.addListener(adapter);
    }

    /** Stops telling {@code listener}. */
    public void removeStateListener(VmStateListener listener) {
        BiConsumer<VmState, VmState> adapter = listeners.remove(listener);
        if (adapter != null) {
            states.removeListener(adapter);
        }
    }

    // ---- QMP ----

    /** The QMP client, for commands this class does not wrap. */
    public QmpClient qmp() {
        return qmp;
    }

    /**
     * Listens to QMP events; the subscription ends with the VM or when closed.
     *
     * @param matcher which events ({@link QmpEvents} has ready-made matchers)
     * @param listener called in event order, off the network thread
     */
    public QmpSubscription onEvent(Predicate<QmpEvent> matcher, Consumer<QmpEvent> listener) {
        QmpSubscription sub = qmp.subscribe(matcher, VmLogContext.wrap(name, listener));
        subscriptions.add(sub);
        return sub;
    }

    /** Stops the guest's vCPUs ({@code stop}); the state becomes PAUSED. */
    public void pause() {
        requireAlive("pause");
        qmp.send(new Stop());
        runStateCommanded = Instant.now();
        states.moveIf(VmState.RUNNING, VmState.PAUSED);
    }

    /** Resumes the guest's vCPUs ({@code cont}); the state becomes RUNNING. */
    public void resume() {
        requireAlive("resume");
        qmp.send(new Cont());
        runStateCommanded = Instant.now();
        states.moveIf(VmState.PAUSED, VmState.RUNNING);
    }

    // ---- serial console ----

    /**
     * Connects to the first serial port whose host side is a unix socket (by default one in the
     * runtime directory). QEMU drops output while no client is connected.
     *
     * @throws LauncherException when the machine has no such serial port
     */
    public SerialConsole serialConsole() {
        requireAlive("serial console");
        return SerialConsole.connect(serialSocket.orElseThrow(() -> new LauncherException(
                "VM " + name + " has no serial port on a unix socket (serials[n].backend = unix socket)")));
    }

    /** The serial console's unix socket, when the machine has one. */
    public Optional<Path> serialConsoleSocket() {
        return serialSocket;
    }

    // ---- remote console ----

    /**
     * Where a viewer reaches the VM's remote console (VNC or SPICE), when it has one; unknown after a
     * {@link Launcher#reattach(Path)} that was not given the machine.
     */
    public Optional<RemoteConsole> remoteConsole() {
        return remoteConsole;
    }

    /**
     * The remote console's password, made for this start and set before the guest ran; empty when the
     * console has none ({@code auth = none}) or there is no console. It is for the VM's owner only: it
     * is also kept in the state directory ({@code console-password}, mode 0600) until the VM ends, and
     * must not be logged.
     */
    public Optional<String> consolePassword() {
        return consolePassword;
    }

    /**
     * Which QEMU threads run on which host CPUs, as the launcher pinned them after start (or re-attach)
     * from the machine's {@link io.jqemu.core.model.CpuPinning}; {@link ThreadPinning#NONE} when nothing is pinned.
     */
    public ThreadPinning threadPinning() {
        return threadPinning;
    }

    void pinned(ThreadPinning pinning) {
        this.threadPinning = pinning;
    }

    void remoteConsole(Optional<RemoteConsole> console, Optional<String> password) {
        this.remoteConsole = console;
        this.consolePassword = password;
    }

    // ---- hotplug ----

    /**
     * Hot-plugs a device of any kind that can be hot-plugged: a disk (scsi-hd, virtio-blk, usb-storage),
     * a NIC, a host PCI device (vfio-pci), an SR-IOV virtual function or a host USB device (usb-host).
     * A device that takes a PCIe
     * root port goes on the first free spare one ({@link #freeRootPorts()}); one without an explicit
     * id gets the first free id of its kind. The host is prepared first (a tap, a vfio binding...)
     * and put back when the plug fails or the device is detached.
     *
     * @return the handle to unplug it with
     * @throws io.jqemu.core.InvalidMachineException when the device does not fit the running machine
     * @throws io.jqemu.core.JqemuException when its kind, or this device, cannot be hot-plugged
     *     (an ide-hd disk, a vfio-pci device at a fixed guest address...)
     * @throws LauncherException when no spare root port is left, or the VM was re-attached without its machine
     */
    public DeviceHandle attach(Device device) {
        requireAlive("hotplug");
        return hotplug.attach(this, device, renderContext);
    }

    /**
     * The device with {@code id}, to detach it: one hot-plugged through this handle, or a disk, NIC,
     * vfio-pci device, virtual function or usb-host device the VM was launched with. Detaching a
     * launched PCI device gives
     * its root port to later hot-plugs; its host changes (a tap, a vfio binding) are undone when the
     * VM stops, not on unplug.
     *
     * @throws LauncherException when the VM has no such device (the message lists its devices), or
     *     was re-attached without its machine
     * @throws io.jqemu.core.JqemuException when QEMU cannot unplug it (an ide-hd disk, a vfio-pci
     *     device at a fixed address on pcie.0)
     */
    public DeviceHandle device(String id) {
        requireAlive("detach");
        return hotplug.device(this, id, renderContext);
    }

    /** The spare PCIe root ports still free for hot-plugged PCI devices, in the order they are used. */
    public List<String> freeRootPorts() {
        return hotplug.freeRootPorts();
    }

    /** The devices hot-plugged through this handle that are not fully detached yet. */
    public List<DeviceHandle> hotpluggedDevices() {
        return hotplug.devices();
    }

    void detach(DeviceHandle handle, Duration timeout) {
        if (handle.state() == DeviceState.DETACHED) {
            return;
        }
        requireAlive("unplug " + handle.id());
        hotplug.detach(handle, timeout);
    }

    // ---- disks ----

    /**
     * Grows disk {@code diskId} (a disk the VM was launched with or one attached since) to
     * {@code bytes} while the guest runs ({@code block_resize} on its format node); the guest sees
     * the new size at once (a virtio-blk or SCSI guest driver reports a capacity change).
     *
     * @param bytes the new size: a positive multiple of 512, at most {@link DiskSize#MAX}
     * @return the size before
     * @throws LauncherException when there is no such disk, or {@code bytes} is smaller than the
     *     disk's size (shrinking loses the data past the new end and is refused) or not a valid size
     */
    public long resizeDisk(String diskId, long bytes) {
        requireAlive("resize disk " + diskId);
        String problem = DiskSize.problem(bytes);
        if (problem != null) {
            throw new LauncherException("VM " + name + ": cannot resize disk " + diskId + " to " + bytes + " bytes: "
                    + "the size " + problem);
        }
        String node = Disk.formatNode(diskId);
        Long size = qmp.send(new QueryNodeSizes()).get(node);
        if (size == null) {
            throw new LauncherException("VM " + name + " has no disk '" + diskId + "' (no block node " + node + ")");
        }
        if (bytes < size) {
            throw new LauncherException("VM " + name + ": refusing to shrink disk " + diskId + " from "
                    + DiskSize.describe(size) + " to " + DiskSize.describe(bytes)
                    + " (the data past the new end would be lost)");
        }
        if (bytes > size) {
            qmp.send(new BlockResize(node, bytes));
            LOG.info("VM {}: grew disk {} from {} to {}", name, diskId, DiskSize.describe(size), DiskSize.describe(bytes));
        }
        return size;
    }

    // ---- saved state ----

    /** How long {@link #saveState(Path, AfterSave)} may take by default. */
    public static final Duration SAVE_STATE_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Saves the VM's whole state (RAM and devices) into {@code file}, a new file (mode 0600, never
     * over an existing one), for {@link Launcher#launch(Machine, LaunchOptions)} with
     * {@link LaunchOptions#restoring(Path)} later. The guest is paused during the save; afterwards
     * {@code after} says whether QEMU stops ({@link AfterSave#STOP}, the default of the CLI), the guest
     * stays paused or continues. The file is QEMU's migration stream after a header that records
     * the machine and its disks ({@link VmStateFile}). The VM's disks must not be written until the
     * restore: the restore checks each image's size and modification time.
     *
     * <p>A template VM ({@link LaunchOptions#asTemplate()}) keeps its RAM out of the stream: the save
     * copies its RAM file, holes kept, to {@link VmStateFile#ramFile} beside {@code file} (also a new
     * file, 0600) while the guest is paused, and each restore maps that copy privately.
     *
     * <p>Only a VM that still has the devices it was launched with can be saved (a restore starts
     * the machine from its description). Disks shared with another VM are not supported.
     *
     * @throws LauncherException when the save fails (the file is removed, a guest that ran runs again),
     *     or the machine is not known or changed since the launch
     */
    public SavedState saveState(Path file, AfterSave after) {
        return saveState(file, after, SAVE_STATE_TIMEOUT);
    }

    /** {@link #saveState(Path, AfterSave)} giving up after {@code timeout}. */
    public SavedState saveState(Path file, AfterSave after, Duration timeout) {
        requireAlive("save state");
        Machine machine = hotplug.launchedMachineUnchanged("saving its state");
        List<String> argv = MachineRenderer.render(machine, renderContext).argv();
        long start = System.nanoTime();
        boolean wasRunning = qmp.send(new QueryStatus()).running();
        if (wasRunning) {
            pause();
        }
        Optional<Path> sharedRam = renderContext.guestRam().filter(GuestRam::shared).flatMap(GuestRam::file).map(Path::of);
        VmStateFile.SavedRam ram = new VmStateFile.SavedRam(
                sharedRam.map(r -> VmStateFile.ramFile(file).getFileName().toString()),
                (long) machine.memoryMib() << 20, renderContext.guestRam().isPresent());
        long bytes;
        try {
            bytes = trackBlocking(() -> StateTransfer.save(name, qmp, file, sharedRam, () -> new VmStateFile.Header(name,
                    Instant.now(), VmStateFile.fingerprint(machine, argv), VmStateFile.stamp(machine), ram), timeout));
        } catch (RuntimeException e) {
            if (wasRunning && !state().isTerminal()) {
                try {
                    resume();
                } catch (RuntimeException resume) {
                    e.addSuppressed(resume);
                }
            }
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("VM {}: state saved to {} ({} bytes, {})", name, file, bytes, HumanDuration.of(took));
        SavedState saved = new SavedState(file, bytes, took, after);
        switch (after) {
            case STOP -> {
                savedAndStopped = Optional.of(saved);
                stop();
            }
            case PAUSE -> { }
            case CONTINUE -> resume();
        }
        return saved;
    }

    /** The save that stopped this VM ({@link AfterSave#STOP}), if one did. */
    public Optional<SavedState> savedAndStopped() {
        return savedAndStopped;
    }

    // ---- balloon ----

    /** What the balloon holds now ({@code query-balloon}). */
    public BalloonStatus balloon() {
        requireAlive("query-balloon");
        return balloon.query();
    }

    /**
     * Sets the guest's memory to {@code targetMib} through the balloon and waits until the guest
     * has got there.
     *
     * @throws LauncherException when it has not within {@code timeout}
     * @throws VmExitedException when QEMU exits meanwhile
     */
    public BalloonStatus setMemory(long targetMib, Duration timeout) {
        requireAlive("balloon");
        return trackBlocking(() -> balloon.setTarget(targetMib << 20, timeout));
    }

    /** The guest's memory statistics, waiting up to {@code timeout} for its first report. */
    public GuestMemoryStats guestMemoryStats(Duration timeout) {
        requireAlive("guest memory statistics");
        return trackBlocking(() -> balloon.stats(timeout));
    }

    // ---- removable media ----

    /**
     * The medium control of CD-ROM drive {@code id} (eject, insert, change), waiting up to
     * {@link MediaControl#TRAY_WAIT} for each tray move.
     *
     * @throws LauncherException when the VM has no CD-ROM drive with that id (the message lists its drives)
     */
    public MediaControl media(String id) {
        requireAlive("media");
        MediaControl control = new MediaControl(name, id, qmp, process.onExit(), MediaControl.TRAY_WAIT);
        control.status();
        return control;
    }

    // ---- guest agent ----

    /** How long {@link #guestAgent()} waits for the agent to answer. */
    public static final Duration GUEST_AGENT_WAIT = Duration.ofSeconds(30);

    /** {@link #guestAgent(Duration)} waiting up to {@link #GUEST_AGENT_WAIT}. */
    public QgaClient guestAgent() {
        return guestAgent(GUEST_AGENT_WAIT);
    }

    /**
     * The client of the guest agent (qemu-ga) inside the guest, on the VM's guest-agent channel
     * (its virtio-serial port {@code org.qemu.guest_agent.0}). Connected on the first call, which
     * waits up to {@code timeout} for the agent to answer (it may still be starting while the guest
     * boots); later calls return the same client while its connection lasts, and connect again when
     * it has ended. The client is closed when the VM stops or this handle is closed or disconnected:
     * do not close it yourself.
     *
     * @throws LauncherException when the VM has no guest-agent channel (the message says how to add
     *     one), or when the agent did not answer within {@code timeout}
     */
    public QgaClient guestAgent(Duration timeout) {
        requireAlive("guest agent");
        return guestAgent.client(timeout);
    }

    // ---- block jobs, snapshots, backups ----

    /** The block jobs started through this handle (backups, commits) that have not ended yet. */
    public List<BlockJob> jobs() {
        return jobs.running();
    }

    /**
     * Starts a QEMU job and returns its handle: its {@code JOB_STATUS_CHANGE} listener is in place
     * before the command is sent, and the job is dismissed once it has concluded.
     *
     * @param type the job type, the start of its id (e.g. {@code backup})
     * @param start the command (or {@code transaction}) that starts the job, given the job's id; it
     *     must leave {@code auto-dismiss} off so that QEMU's reason for a failure can be read
     * @throws io.jqemu.launcher.block.BlockJobException with QEMU's reason when the command is refused
     */
    public BlockJob startJob(String type, java.util.function.Function<String, io.jqemu.qmp.command.VoidCommand> start) {
        requireAlive("block job");
        return jobs.start(type, start);
    }

    /** External snapshots of this VM's disks: take, list, commit back live ({@link DiskSnapshots}). */
    public DiskSnapshots snapshots() {
        requireAlive("snapshots");
        return snapshots;
    }

    /** Full and incremental backups of this VM's disks ({@link DiskBackups}). */
    public DiskBackups backups() {
        requireAlive("backups");
        return backups;
    }

    private void track(CompletableFuture<?> future) {
        pending.add(future);
        future.whenComplete((r, t) -> pending.remove(future));
        if (process.onExit().isDone()) {
            future.completeExceptionally(new VmExitedException(name, "the block job", process.onExit().join()));
        }
    }

    // ---- shutdown ----

    /**
     * Shuts the VM down gracefully: power button (pressed again once), then, when the VM has a
     * guest-agent channel, {@code guest-shutdown} through the agent, then {@code quit}, SIGTERM and
     * SIGKILL, each after its timeout. Blocks until QEMU has exited and the host is undone.
     *
     * @throws GuestPausedException when the guest is paused: it cannot act on the power button
     */
    public ShutdownResult shutdown() {
        return runLadder(ShutdownStep.GUEST_POWEROFF, shutdownTimeouts);
    }

    /**
     * {@link #shutdown()}, giving the guest {@code guestPowerOff} (instead of the launcher's
     * {@link ShutdownTimeouts#guestPowerOff()}) to power off after the first press of the button.
     *
     * @throws GuestPausedException when the guest is paused: it cannot act on the power button
     * @throws IllegalArgumentException when {@code guestPowerOff} is not positive
     */
    public ShutdownResult shutdown(Duration guestPowerOff) {
        if (guestPowerOff.isNegative() || guestPowerOff.isZero()) {
            throw new IllegalArgumentException("guestPowerOff must be positive, got " + guestPowerOff);
        }
        Duration repeat = shutdownTimeouts.powerdownRepeat().compareTo(guestPowerOff) < 0
                ? shutdownTimeouts.powerdownRepeat() : guestPowerOff.dividedBy(2);
        return runLadder(ShutdownStep.GUEST_POWEROFF, shutdownTimeouts.withPowerdownRepeat(repeat.isZero()
                ? Duration.ofMillis(1) : repeat).withGuestPowerOff(guestPowerOff));
    }

    /**
     * Tells {@code listener} about each rung of every shutdown ladder of this VM as it begins (what
     * was done, how long the ladder now waits), on the thread running the ladder, until the
     * returned handle is closed.
     */
    public AutoCloseable onShutdownProgress(Consumer<ShutdownProgress> listener) {
        Consumer<ShutdownProgress> wrapped = VmLogContext.wrap(name, listener);
        shutdownListeners.add(wrapped);
        return () -> shutdownListeners.remove(wrapped);
    }

    /**
     * The longest {@link #shutdown()} can take with {@code timeouts}, from the first press of the
     * power button until QEMU is gone and its last events are read; undoing the host comes on top.
     *
     * @param timeouts the shutdown ladder's timeouts
     * @return the bound
     */
    public static Duration longestShutdown(ShutdownTimeouts timeouts) {
        return ShutdownLadder.longestRun(timeouts).plus(EVENTS_AFTER_EXIT);
    }

    /** {@link #shutdown()} on another thread. */
    public CompletableFuture<ShutdownResult> shutdownAsync() {
        if (state() == VmState.PAUSED) {
            return CompletableFuture.failedFuture(new GuestPausedException(name));
        }
        return CompletableFuture.supplyAsync(this::shutdown, operations);
    }

    /** Stops QEMU without asking the guest: {@code quit}, then SIGTERM and SIGKILL. */
    public ShutdownResult stop() {
        return runLadder(ShutdownStep.QUIT, shutdownTimeouts);
    }

    /** Kills QEMU with SIGKILL at once (the VM ends STOPPED; the host is undone). */
    public ShutdownResult kill() {
        return runLadder(ShutdownStep.SIGKILL, shutdownTimeouts);
    }

    /** Stops the VM ({@link #stop()}) unless it has already ended. */
    @Override
    public void close() {
        if (disconnected) {
            return;
        }
        if (!state().isTerminal()) {
            stop();
        }
        finished.join();
    }

    /**
     * Lets go of the VM without stopping it: closes the monitor and the log tail; QEMU keeps running
     * and another {@link Launcher#reattach} can take it over. No host change is undone.
     */
    public void disconnect() {
        disconnected = true;
        onDisconnect.accept(this);
        subscriptions.forEach(QmpSubscription::close);
        guestAgent.close();
        qmp.close();
        lock.close();
        LOG.info("VM {}: disconnected; QEMU pid {} keeps running", name, pid());
    }

    private ShutdownResult runLadder(ShutdownStep first, ShutdownTimeouts timeouts) {
        requireAliveOrEnded();
        if (state().isTerminal()) {
            return new ShutdownResult(ShutdownStep.ALREADY_EXITED, guestShutdown.getNow(false),
                    process.onExit().join(), Duration.ZERO);
        }
        if (first == ShutdownStep.GUEST_POWEROFF && state() == VmState.PAUSED) {
            throw new GuestPausedException(name);
        }
        states.moveTo(VmState.SHUTTING_DOWN);
        ShutdownResult result = VmLogContext.call(name, () -> new ShutdownLadder(name, new Target(), timeouts).run(first));
        finished.join();
        return result;
    }

    /** What the shutdown ladder acts on. */
    private final class Target implements LadderTarget {
        @Override
        public boolean isPaused() {
            try {
                return !qmp.send(new QueryStatus()).running();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public CompletableFuture<ExitStatus> exit() {
            return process.onExit();
        }

        @Override
        public CompletableFuture<Boolean> guestShutdown() {
            return guestShutdown;
        }

        @Override
        public CompletableFuture<?> pressPowerButton() {
            return qmp.sendAsync(new SystemPowerdown());
        }

        @Override
        public boolean hasGuestAgent() {
            try {
                return guestAgent.socket().isPresent();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public CompletableFuture<?> guestAgentShutdown(Duration timeout) {
            return guestAgent.shutdown(timeout);
        }

        @Override
        public CompletableFuture<?> quit() {
            exitRequested = true;
            return qmp.isOpen() ? qmp.sendAsync(new Quit())
                    : CompletableFuture.failedFuture(new LauncherException("monitor closed"));
        }

        @Override
        public void terminate() {
            exitRequested = true;
            process.terminate();
        }

        @Override
        public void kill() {
            exitRequested = true;
            process.kill();
        }

        @Override
        public void progress(ShutdownProgress progress) {
            shutdownListeners.forEach(listener -> listener.accept(progress));
        }
    }

    // ---- exit ----

    private void onProcessExit(ExitStatus status) {
        if (disconnected) {
            LOG.info("VM {}: QEMU exited ({}) after this handle let go of it; its new owner cleans up", name, status);
            return;
        }
        exitStatus = status;
        VmExitedException exited = new VmExitedException(name, "the operation", status);
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(exited);
        }
        // settled once the monitor's end is read, which follows QEMU's exit at once
        guestShutdown.completeOnTimeout(false, EVENTS_AFTER_EXIT.toMillis(), TimeUnit.MILLISECONDS).join();
        Optional<ShutdownCause> cause = shutdownCause();
        boolean panicked = cause.map(ShutdownCause::isGuestPanic).orElse(false);
        boolean expected = !panicked && (exitRequested || cause.isPresent() || status.isSuccess());
        subscriptions.forEach(QmpSubscription::close);
        guestAgent.close();
        try {
            qmp.close();
        } catch (RuntimeException e) {
            LOG.debug("VM {}: closing QMP after exit: {}", name, e.toString());
        }
        hotplug.releaseAllAfterExit();
        closeQuietly(host);
        try {
            VmRecord.deleteFrom(stateDir);
            ConsoleAccess.forget(stateDir);
        } catch (RuntimeException e) {
            LOG.warn("VM {}: {}", name, e.getMessage());
        }
        lock.close(); // after the host is undone: the next controller finds it clean
        VmState end = expected ? VmState.STOPPED : VmState.CRASHED;
        if (end == VmState.CRASHED) {
            LOG.error("VM {}: QEMU exited unexpectedly ({}{}); last output:\n{}", name, status,
                    cause.map(c -> ", SHUTDOWN reason " + c).orElse(""), process.recentOutput());
        }
        states.moveTo(end);
        states.terminal().whenComplete((s, t) -> finished.complete(end));
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.error("VM {}: undoing host changes failed: {}", name, e.getMessage(), e);
        }
    }

    private void requireAliveOrEnded() {
        if (disconnected) {
            requireAlive("shutdown");
        }
    }

    private void requireAlive(String what) {
        if (disconnected) {
            throw new LauncherException("VM " + name + ": " + what + " refused: this handle has disconnected from the VM"
                    + " (Launcher.reattach gives a new one)");
        }
        if (state().isTerminal() || process.onExit().isDone()) {
            throw new VmExitedException(name, what, process.onExit().getNow(ExitStatus.unknown()));
        }
    }

    private <T> T trackBlocking(java.util.function.Supplier<T> work) {
        CompletableFuture<T> op = CompletableFuture.supplyAsync(work, operations);
        pending.add(op);
        try {
            return op.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            pending.remove(op);
        }
    }

    @Override
    public String toString() {
        return "RunningVm[" + name + ", pid " + pid() + ", " + state() + "]";
    }
}
