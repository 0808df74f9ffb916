package io.jqemu.launcher.host.need;

import io.jqemu.core.model.HostCpuSet;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.host.CpuTopology;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.HostRoot;

/** Host CPUs QEMU threads are pinned to: all of them online ({@code /sys/devices/system/cpu/online}). */
final class HostCpusHandler implements NeedHandler<HostResource.HostCpus> {
    private final HostRoot host;

    HostCpusHandler(HostRoot host) {
        this.host = host;
    }

    @Override
    public Stage stage() {
        return Stage.CHECK_ONLY;
    }

    @Override
    public void check(HostResource.HostCpus need, Inspection inspection) {
        HostCpuSet wanted = HostCpuSet.parse(need.cpus());
        HostCpuSet online = CpuTopology.read(host).online().orElseThrow(() -> new HostException(need.fieldPath()
                + ": cannot tell which CPUs are online (" + CpuTopology.ONLINE + " is missing or unreadable)"));
        if (!wanted.within(online)) {
            throw new HostException(need.fieldPath() + ": CPUs " + wanted + " are not all online on this host"
                    + " (online: " + online + ")");
        }
    }

    @Override
    public String describe(HostResource.HostCpus need, Inspection inspection) {
        return "pins to host CPUs " + HostCpuSet.parse(need.cpus()) + " after QEMU starts";
    }
}
