package io.jqemu.launcher.vm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.HotplugPlan;
import io.jqemu.launcher.host.TapDescriptors;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.QmpCommand;
import io.jqemu.qmp.QmpErrorException;
import io.jqemu.qmp.QmpEvents;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.CloseFd;
import io.jqemu.qmp.command.DeviceDel;
import io.jqemu.qmp.command.GetFd;
import io.jqemu.qmp.command.NetdevDel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs core's hotplug plans over QMP: back-ends then device on plug (rolled back when a step
 * fails), {@code device_del} + {@code DEVICE_DELETED} for that id on unplug, then back-ends. A
 * macvtap NIC's descriptors are opened here and handed to QEMU with {@code getfd} (SCM_RIGHTS)
 * under the names its netdev refers to, just before {@code netdev_add} takes them.
 */
public final class Hotplugger {
    private static final Logger LOG = LoggerFactory.getLogger(Hotplugger.class);

    private final String vmName;
    private final QmpClient qmp;
    private final TapDescriptors tapDescriptors;

    /**
     * Plugs devices into the VM behind {@code qmp}.
     *
     * @param tapDescriptors opens macvtap queues (and vhost-net) for NICs whose netdev names a getfd descriptor
     */
    public Hotplugger(String vmName, QmpClient qmp, TapDescriptors tapDescriptors) {
        this.vmName = vmName;
        this.qmp = qmp;
        this.tapDescriptors = tapDescriptors;
    }

    /**
     * Adds the plan's block nodes, netdev and device, in that order; on a failure removes what was
     * added and rethrows.
     */
    public void plug(HotplugPlan plan) {
        Deque<Runnable> rollback = new ArrayDeque<>();
        try {
            for (ObjectNode node : plan.blockdevAdds()) {
                qmp.send(new BlockdevAdd(node));
                String nodeName = node.path("node-name").asText();
                rollback.push(() -> qmp.send(new BlockdevDel(nodeName)));
            }
            if (plan.netdevAdd().isPresent()) {
                int registered = passDescriptors(plan, plan.netdevAdd().get(), rollback);
                qmp.send(QmpCommand.raw("netdev_add", plan.netdevAdd().get()));
                for (int i = 0; i < registered; i++) {
                    rollback.pop(); // netdev_add took the descriptors out of the monitor's table
                }
                String netdevId = plan.netdevAdd().get().path("id").asText();
                rollback.push(() -> qmp.send(new NetdevDel(netdevId)));
            }
            qmp.send(QmpCommand.raw("device_add", plan.deviceAdd()));
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
     * For a macvtap NIC: opens its queue (and vhost-net) and registers them with {@code getfd} under
     * the names in the netdev's {@code fd} / {@code vhostfd}. QEMU holds its own copies afterwards;
     * {@code netdev_add} takes them out of the monitor's table; until then a failure closes them there.
     *
     * @return how many descriptors were registered (each with a {@code closefd} on {@code rollback})
     */
    private int passDescriptors(HotplugPlan plan, ObjectNode netdev, Deque<Runnable> rollback) {
        int registered = 0;
        for (HostResource resource : plan.hostResources()) {
            if (!(resource instanceof HostResource.MacvtapToCreate macvtap)) {
                continue;
            }
            String tapName = netdev.path("fd").asText();
            try (TapDescriptors.Opened fds = tapDescriptors.openMacvtap(macvtap.fieldPath(), macvtap.name(),
                    macvtap.vhost())) {
                qmp.send(new GetFd(tapName, fds.tapFd()));
                rollback.push(() -> closeQuietly(tapName));
                registered++;
                if (fds.vhostFd().isPresent()) {
                    String vhostName = netdev.path("vhostfd").asText();
                    qmp.send(new GetFd(vhostName, fds.vhostFd().getAsInt()));
                    rollback.push(() -> closeQuietly(vhostName));
                    registered++;
                }
            }
            LOG.debug("VM {}: passed the descriptors of macvtap {} for {}", vmName, macvtap.name(), plan.deviceId());
        }
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
    public CompletableFuture<?> unplug(String deviceId, Duration timeout) {
        return qmp.sendAndAwaitAsync(new DeviceDel(deviceId),
                QmpEvents.deviceDeleted(deviceId), timeout);
    }

    /** Removes the plan's netdev and block nodes once the device is gone; logs what fails. */
    public void removeBackends(HotplugPlan plan) {
        plan.netdevIdToDelete().ifPresent(id -> quietly("netdev_del", () -> qmp.send(new NetdevDel(id))));
        for (String node : plan.nodeNamesToDelete()) {
            quietly("blockdev-del " + node, () -> qmp.send(new BlockdevDel(node)));
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
