package io.jqemu.launcher;

import io.jqemu.core.render.DevicePlan;
import io.jqemu.core.render.PlanStep;
import io.jqemu.launcher.host.TapDescriptors;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.command.CloseFd;
import io.jqemu.qmp.command.DeviceDel;
import io.jqemu.qmp.command.GetFd;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs core's device plans over QMP: each step through {@link PlanCommands} on plug (rolled back
 * when a step fails), {@code device_del} + {@code DEVICE_DELETED} for that id on unplug, then the
 * back-ends. A macvtap NIC's descriptors are opened here and handed to QEMU with {@code getfd}
 * (SCM_RIGHTS) under the names its netdev refers to, just before {@code netdev_add} takes them.
 */
final class Hotplugger {
    private static final Logger LOG = LoggerFactory.getLogger(Hotplugger.class);

    private final String vmName;
    private final QmpClient qmp;
    private final TapDescriptors tapDescriptors;

    /**
     * Plugs devices into the VM behind {@code qmp}.
     *
     * @param tapDescriptors opens macvtap queues (and vhost-net) for NICs whose netdev names a getfd descriptor
     */
    Hotplugger(String vmName, QmpClient qmp, TapDescriptors tapDescriptors) {
        this.vmName = vmName;
        this.qmp = qmp;
        this.tapDescriptors = tapDescriptors;
    }

    /**
     * Runs the plan's steps in order (block nodes, descriptors, netdev, objects, the device); on a
     * failure removes what was added and rethrows.
     */
    void plug(DevicePlan plan) {
        Deque<Runnable> rollback = new ArrayDeque<>();
        int passedFds = 0;
        try {
            for (PlanStep step : plan.steps()) {
                if (step instanceof PlanStep.PassMacvtapFds fds) {
                    passedFds += passDescriptors(plan, fds, rollback);
                    continue;
                }
                qmp.send(PlanCommands.add(step));
                if (step instanceof PlanStep.AddNetdev) {
                    for (; passedFds > 0; passedFds--) {
                        rollback.pop(); // netdev_add took the descriptors out of the monitor's table
                    }
                }
                PlanCommands.removeBackend(step).ifPresent(undo -> rollback.push(() -> qmp.send(undo)));
            }
            LOG.info("VM {}: plugged {}", vmName, plan.deviceId());
        } catch (RuntimeException e) {
            while (!rollback.isEmpty()) {
                try {
                    rollback.pop().run();
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }

    /**
     * Opens the macvtap's queue (and vhost-net) and registers them with {@code getfd} under the
     * step's names. QEMU holds its own copies afterwards; {@code netdev_add} takes them out of the
     * monitor's table; until then a failure closes them there.
     *
     * @return how many descriptors were registered (each with a {@code closefd} on {@code rollback})
     */
    private int passDescriptors(DevicePlan plan, PlanStep.PassMacvtapFds step, Deque<Runnable> rollback) {
        int registered = 0;
        try (TapDescriptors.Opened fds = tapDescriptors.openMacvtap(step.fieldPath(), step.macvtap(), step.vhost())) {
            String tapName = step.names().fd();
            qmp.send(new GetFd(tapName, fds.tapFd()));
            rollback.push(() -> closeQuietly(tapName));
            registered++;
            if (fds.vhostFd().isPresent()) {
                String vhostName = step.names().vhostFd().orElseThrow();
                qmp.send(new GetFd(vhostName, fds.vhostFd().getAsInt()));
                rollback.push(() -> closeQuietly(vhostName));
                registered++;
            }
        }
        LOG.debug("VM {}: passed the descriptors of macvtap {} for {}", vmName, step.macvtap(), plan.deviceId());
        return registered;
    }

    /** {@code closefd}; a failed {@code netdev_add} may already have taken and closed the descriptor. */
    private void closeQuietly(String fdName) {
        try {
            qmp.send(new CloseFd(fdName));
        } catch (QmpErrorException e) {
            LOG.debug("VM {}: closefd {} after a failed plug: {}", vmName, fdName, e.getMessage());
        }
    }

    /**
     * Sends {@code device_del} with a waiter for this device's {@code DEVICE_DELETED} registered
     * first (QEMU's {@code .../virtio-backend} deletions carry no {@code device} and do not match).
     *
     * @return completes when the guest has released the device; fails with a
     *     {@link io.jqemu.qmp.QmpTimeoutException} when it has not within {@code timeout}
     */
    CompletableFuture<?> unplug(String deviceId, Duration timeout) {
        return qmp.sendAndAwaitAsync(new DeviceDel(deviceId),
                QmpEvents.deviceDeleted(deviceId), timeout);
    }

    /** Removes the plan's back-ends (netdev, objects, block nodes, last added first) once the device is gone; logs what fails. */
    void removeBackends(DevicePlan plan) {
        for (PlanStep backend : plan.backendsToRemove()) {
            PlanCommands.removeBackend(backend).ifPresent(command ->
                    quietly(command.name(), () -> qmp.send(command)));
        }
    }

    private void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (QmpException e) {
            LOG.warn("VM {}: {} after unplug failed: {}", vmName, what, e.getMessage());
        }
    }
}
