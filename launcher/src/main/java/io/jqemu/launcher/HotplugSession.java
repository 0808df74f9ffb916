package io.jqemu.launcher;

import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PcieLayout;
import io.jqemu.core.render.HotplugPlan;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.MonitorNic;
import io.jqemu.core.render.RenderContext;
import io.jqemu.launcher.host.TapDescriptors;
import io.jqemu.launcher.vm.DeviceHostPreparer;
import io.jqemu.launcher.vm.Hotplugger;
import io.jqemu.launcher.vm.QemuProcess;
import io.jqemu.launcher.vm.RunningMachine;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpDisconnectedException;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.QmpTimeoutException;
import io.jqemu.qmp.command.SystemReset;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-plugged devices of one {@link RunningVm}: spare root ports, the running machine they are
 * checked against, their host preparations, and unplug with its late completion.
 */
final class HotplugSession {
    private static final Logger LOG = LoggerFactory.getLogger(HotplugSession.class);
    private static final Duration BOOT_ORDER_RESET_TIMEOUT = Duration.ofSeconds(30);

    /** Plans one device for a root port (empty when it takes none). */
    interface Planner {
        HotplugPlan plan(Optional<String> rootPort);
    }

    private final String name;
    private final QmpClient qmp;
    private final QemuProcess process;
    private final Hotplugger hotplugger;
    private final Optional<RunningMachine> machine;
    private final Optional<Machine> launched;
    private final Deque<String> freeRootPorts;
    private final DeviceHostPreparer devicePreparer;
    private final Set<CompletableFuture<?>> pending;
    private final Consumer<QmpSubscription> subscriptions;
    private final Map<String, DeviceHandle> devices = new ConcurrentHashMap<>();

    HotplugSession(String name, QmpClient qmp, QemuProcess process, Optional<Machine> launched,
            List<String> spareRootPorts, DeviceHostPreparer devicePreparer, TapDescriptors tapDescriptors,
            Set<CompletableFuture<?>> pending, Consumer<QmpSubscription> subscriptions) {
        this.name = name;
        this.qmp = qmp;
        this.process = process;
        this.hotplugger = new Hotplugger(name, qmp, tapDescriptors);
        this.machine = launched.map(RunningMachine::new);
        this.launched = launched;
        this.freeRootPorts = new ArrayDeque<>(spareRootPorts);
        this.devicePreparer = devicePreparer;
        this.pending = pending;
        this.subscriptions = subscriptions;
    }

    /**
     * Adds the machine's own NICs that take their descriptors over QMP, in order, before the guest
     * runs. They belong to the machine (their root ports were never spare); nothing is recorded.
     *
     * <p>QEMU writes the firmware's {@code bootorder} file when the machine resets, and its first
     * reset happened before the monitor answered: when one of these NICs has a boot index, a
     * {@code system_reset} (the guest has not run yet) puts it into the boot order.
     */
    synchronized void plugMonitorNics(List<MonitorNic> nics) {
        for (MonitorNic nic : nics) {
            hotplugger.plug(nic.plan());
        }
        if (nics.stream().anyMatch(n -> n.plan().deviceAdd().has("bootindex"))) {
            qmp.sendAndAwait(new SystemReset(), QmpEvents.named("RESET"), BOOT_ORDER_RESET_TIMEOUT);
            LOG.debug("VM {}: reset before the first run, so the firmware sees the NICs' boot indexes", name);
        }
    }

    synchronized List<String> freeRootPorts() {
        return List.copyOf(freeRootPorts);
    }

    List<DeviceHandle> devices() {
        return List.copyOf(devices.values());
    }

    Machine machine() {
        return machine.orElseThrow(() -> new LauncherException("VM " + name
                + " was re-attached without its machine: pass it to Launcher.reattach(stateDir, machine) to hotplug"))
                .current();
    }

    synchronized DeviceHandle attach(RunningVm vm, DeviceKind kind, boolean needsPort, Planner planner,
            BiConsumer<RunningMachine, String> record) {
        Optional<String> port = Optional.empty();
        if (needsPort) {
            if (freeRootPorts.isEmpty()) {
                throw new LauncherException("VM " + name + " has no spare PCIe root port left for a hot-plugged "
                        + kind + " (raise spareRootPorts)");
            }
            port = Optional.of(freeRootPorts.peekFirst());
        }
        HotplugPlan plan = planner.plan(port);
        AutoCloseable hostRelease = devicePreparer.prepare(plan.deviceId(), plan.hostResources());
        try {
            hotplugger.plug(plan);
        } catch (RuntimeException e) {
            try {
                hostRelease.close();
            } catch (Exception undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        port.ifPresent(freeRootPorts::remove);
        record.accept(machine.orElseThrow(), plan.deviceId());
        DeviceHandle handle = new DeviceHandle(vm, kind, plan, port, hostRelease);
        devices.put(plan.deviceId(), handle);
        return handle;
    }

    /**
     * The device with {@code id}: one hot-plugged through this session, or one the VM was launched
     * with, whose handle is made on first use. A launched device's host changes (a tap, a vfio
     * binding) belong to the VM and are undone when it stops, not on unplug.
     */
    synchronized DeviceHandle device(RunningVm vm, String id, RenderContext context) {
        DeviceHandle known = devices.get(id);
        if (known != null) {
            return known;
        }
        Machine current = machine();
        Machine original = launched.orElseThrow();
        Optional<DeviceKind> kind = kindOf(current, id);
        if (kind.isEmpty() || kindOf(original.withResolvedIds(), id).isEmpty()) {
            List<String> ids = new ArrayList<>(devices.keySet());
            ids.addAll(launchedIds(current));
            throw new LauncherException("VM " + name + " has no device '" + id + "' to detach" + (ids.isEmpty()
                    ? " (it has no disk, NIC, vfio-pci or usb-host device)"
                    : " (devices: " + String.join(", ", ids.stream().distinct().sorted().toList()) + ")"));
        }
        HotplugPlan plan = HotplugRenderer.launched(original, id, context);
        Optional<String> port = Optional.of(plan.deviceAdd().path("bus").asText())
                .filter(PcieLayout::isRootPortId);
        DeviceHandle handle = new DeviceHandle(vm, kind.get(), plan, port, () -> { });
        devices.put(id, handle);
        return handle;
    }

    private List<String> launchedIds(Machine m) {
        Map<String, DeviceKind> original = devicesOf(launched.orElseThrow().withResolvedIds());
        return devicesOf(m).keySet().stream().filter(original::containsKey).toList();
    }

    private static Optional<DeviceKind> kindOf(Machine m, String id) {
        return Optional.ofNullable(devicesOf(m).get(id));
    }

    /** The machine's disks, NICs, vfio-pci and usb-host devices by id, in that order. */
    private static Map<String, DeviceKind> devicesOf(Machine m) {
        Map<String, DeviceKind> all = new LinkedHashMap<>();
        IntStream.range(0, m.disks().size()).forEach(i -> all.put(m.diskId(i), DeviceKind.DISK));
        IntStream.range(0, m.nics().size()).forEach(i -> all.put(m.nicId(i), DeviceKind.NIC));
        IntStream.range(0, m.vfioDevices().size()).forEach(i -> all.put(m.vfioId(i), DeviceKind.VFIO_PCI));
        IntStream.range(0, m.usbHostDevices().size()).forEach(i -> all.put(m.usbHostId(i), DeviceKind.USB_HOST));
        return all;
    }

    void detach(DeviceHandle handle, Duration timeout) {
        handle.state(DeviceState.DETACHING);
        CompletableFuture<?> released = hotplugger.unplug(handle.id(), timeout);
        pending.add(released);
        try {
            released.get();
            finishDetach(handle);
        } catch (ExecutionException e) {
            throw unplugFailure(handle, timeout, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("VM " + name + ": interrupted while unplugging " + handle.id(), e);
        } finally {
            pending.remove(released);
        }
    }

    private RuntimeException unplugFailure(DeviceHandle handle, Duration timeout, Throwable cause) {
        if (cause instanceof QmpDisconnectedException || cause instanceof VmExitedException
                || process.onExit().isDone()) {
            return new VmExitedException(name, "unplug " + handle.id(), process.onExit().getNow(ExitStatus.unknown()));
        }
        if (cause instanceof QmpTimeoutException) {
            handle.state(DeviceState.DETACH_PENDING);
            QmpSubscription late = qmp.subscribe(QmpEvents.deviceDeleted(handle.id()), ev -> finishDetach(handle));
            subscriptions.accept(late);
            handle.gone().whenComplete((v, t) -> late.close());
            return new DeviceReleaseTimeoutException(name, handle.id(), timeout);
        }
        handle.state(DeviceState.ATTACHED);
        return cause instanceof RuntimeException r ? r : new LauncherException(cause.getMessage(), cause);
    }

    private synchronized void finishDetach(DeviceHandle handle) {
        if (handle.state() == DeviceState.DETACHED) {
            return;
        }
        hotplugger.removeBackends(handle.plan());
        release(handle);
        handle.rootPort().ifPresent(freeRootPorts::addFirst);
        machine.ifPresent(m -> m.remove(handle.id()));
        LOG.info("VM {}: unplugged {}", name, handle.id());
    }

    /** QEMU is gone: every device went with it; their host changes are undone. */
    void releaseAllAfterExit() {
        devices.values().forEach(this::release);
    }

    private void release(DeviceHandle handle) {
        try {
            handle.hostRelease().close();
        } catch (Exception e) {
            LOG.error("VM {}: undoing the host changes of {} failed: {}", name, handle.id(), e.getMessage(), e);
        }
        devices.remove(handle.id());
        handle.state(DeviceState.DETACHED);
        handle.gone().complete(null);
    }
}
