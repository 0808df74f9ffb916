package io.jqemu.launcher;

import io.jqemu.core.model.Device;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.PlacedDevice;
import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.HotplugRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.launcher.host.PreparedHost;
import io.jqemu.launcher.host.TapDescriptors;
import io.jqemu.launcher.vm.DeviceHostPreparer;
import io.jqemu.launcher.vm.QemuProcess;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpDisconnectedException;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpSubscription;
import io.jqemu.qmp.QmpTimeoutException;
import io.jqemu.qmp.command.SystemReset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-plugged devices of one {@link RunningVm}: spare root ports, the running machine they are
 * checked against, their host preparations, and unplug with its late completion.
 */
final class HotplugSession {
    private static final Logger LOG = LoggerFactory.getLogger(HotplugSession.class);
    private static final Duration BOOT_ORDER_RESET_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path stateDir;
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

    HotplugSession(String name, Path stateDir, QmpClient qmp, QemuProcess process, Optional<Machine> launched,
            List<String> spareRootPorts, DeviceHostPreparer devicePreparer, TapDescriptors tapDescriptors,
            Set<CompletableFuture<?>> pending, Consumer<QmpSubscription> subscriptions) {
        this.name = name;
        this.stateDir = stateDir;
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
     * Adds the machine's own devices that go over QMP (macvtap NICs, whose descriptors are passed),
     * in order, before the guest runs. They belong to the machine (their root ports were never
     * spare); nothing is recorded.
     *
     * <p>QEMU writes the firmware's {@code bootorder} file when the machine resets, and its first
     * reset happened before the monitor answered: when one of these devices has a boot index, a
     * {@code system_reset} (the guest has not run yet) puts it into the boot order.
     */
    synchronized void plugMonitorPlans(List<DevicePlan> plans) {
        for (DevicePlan plan : plans) {
            hotplugger.plug(plan);
        }
        if (plans.stream().anyMatch(DevicePlan::hasBootIndex)) {
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

    /**
     * The machine the VM was launched with, when it still has exactly its devices (a saved state can
     * only be restored into a machine started the same way).
     *
     * @throws LauncherException when devices were attached or detached, or the machine is not known
     */
    synchronized Machine launchedMachineUnchanged(String what) {
        Machine now = machine();
        Machine original = launched.orElseThrow();
        if (!now.equals(original.withResolvedIds())) {
            throw new LauncherException("VM " + name + ": " + what + " refused: devices were attached or detached since"
                    + " it started, so no machine started from its description could take the state; detach what was"
                    + " attached (or add it to the machine) and start it again");
        }
        return original;
    }

    Machine machine() {
        return machine.orElseThrow(() -> new LauncherException("VM " + name
                + " was re-attached without its machine: pass it to Launcher.reattach(stateDir, machine) to hotplug"))
                .current();
    }

    synchronized DeviceHandle attach(RunningVm vm, Device device, RenderContext context) {
        Optional<String> port = Optional.empty();
        if (device.takesRootPort()) {
            if (freeRootPorts.isEmpty()) {
                throw new LauncherException("VM " + name + " has no spare PCIe root port left for a hot-plugged "
                        + device.idPrefix() + " device (raise spareRootPorts)");
            }
            port = Optional.of(freeRootPorts.peekFirst());
        }
        DevicePlan plan = HotplugRenderer.plan(machine(), device, port, context);
        AutoCloseable prepared = devicePreparer.prepare(plan.deviceId(), plan.hostResources());
        AutoCloseable hostRelease = withRecord(plan, prepared);
        try {
            hotplugger.plug(plan);
            recordForLaterControllers(plan);
        } catch (RuntimeException e) {
            try {
                hostRelease.close();
            } catch (Exception undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        if (prepared instanceof PreparedHost host) {
            host.keepCreatedImages();
        }
        port.ifPresent(freeRootPorts::remove);
        Device plugged = device.userIds() ? device.withId(plan.deviceId()) : device;
        machine.orElseThrow().add(plugged);
        DeviceHandle handle = new DeviceHandle(vm, plugged, plan, hostRelease);
        devices.put(plan.deviceId(), handle);
        return handle;
    }

    /**
     * When the device's host changes got a journal of their own (its state directory
     * {@code <vm>.<id>}), its release also removes the record a later controller would adopt, and the
     * directory once empty.
     */
    private AutoCloseable withRecord(DevicePlan plan, AutoCloseable prepared) {
        Path dir = HotplugRecord.deviceStateDir(stateDir, plan.deviceId());
        if (!Files.isDirectory(dir)) {
            return prepared;
        }
        return () -> {
            prepared.close();
            HotplugRecord.forget(dir);
        };
    }

    /** Writes the plan next to the device's journal, so that a controller re-attaching later can take it over. */
    private void recordForLaterControllers(DevicePlan plan) {
        Path dir = HotplugRecord.deviceStateDir(stateDir, plan.deviceId());
        if (Files.isDirectory(dir)) {
            new HotplugRecord(plan).writeTo(dir);
        }
    }

    /**
     * Takes over a device an earlier controller hot-plugged, whose host changes live in their own
     * journal: it is unplugged with {@code plan} (its back-ends removed) and {@code release} undoes
     * its host changes when it is detached or the VM ends. Its root port is no longer spare.
     */
    synchronized DeviceHandle adopt(RunningVm vm, DevicePlan plan, AutoCloseable release) {
        plan.rootPort().ifPresent(freeRootPorts::remove);
        DeviceHandle handle = new DeviceHandle(vm, null, plan, release);
        devices.put(plan.deviceId(), handle);
        LOG.info("VM {}: took over {} ({}), hot-plugged by an earlier controller", name, plan.deviceId(),
                plan.fieldPath());
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
        Optional<PlacedDevice> now = current.placedDevice(id);
        if (now.isEmpty() || original.withResolvedIds().placedDevice(id).isEmpty()) {
            List<String> ids = current.placedDevices().stream()
                    .filter(p -> p.device().notHotpluggable().isEmpty()).map(PlacedDevice::id).sorted().toList();
            throw new LauncherException("VM " + name + " has no device '" + id + "' to detach" + (ids.isEmpty()
                    ? " (it has no device that can be unplugged)"
                    : " (devices: " + String.join(", ", ids) + ")"));
        }
        DevicePlan plan = HotplugRenderer.launched(original, id, context);
        DeviceHandle handle = new DeviceHandle(vm, now.get().device(), plan, () -> { });
        devices.put(id, handle);
        return handle;
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
