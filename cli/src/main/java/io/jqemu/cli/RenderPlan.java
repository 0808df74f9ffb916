package io.jqemu.cli;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.VhostMode;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.core.render.TapFds;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.VmPaths;

import java.util.Optional;

/**
 * How {@code jqemu} renders a machine for this host: the VM's sockets and OVMF vars file under
 * the state layout, {@code auto} settings resolved from the host's facts, and {@code -S} because
 * {@code run} starts paused, finishes setup over QMP and then continues. A macvtap NIC's
 * descriptors are named {@code fd-<nic id>} and {@code vhostfd-<nic id>} (passed over QMP with
 * {@code getfd}).
 */
public final class RenderPlan {

    private final HostLayout layout;
    private final HostFacts facts;

    /** A plan for VMs under {@code layout} on a host with {@code facts}. */
    public RenderPlan(HostLayout layout, HostFacts facts) {
        this.layout = layout;
        this.facts = facts;
    }

    /** The render context {@code machine} gets on this host. */
    public RenderContext context(Machine machine) {
        VmPaths paths = layout.forVm(machine.name());
        RenderContext.Builder context = RenderContext.builder()
                .autoAccelerator(facts.kvmForAuto() ? Accelerator.KVM : Accelerator.TCG)
                .vhostNetAvailable(facts.vhostForAuto())
                .qmpSocket(paths.socket("qmp").toString())
                .runtimeDir(paths.runtimeDir().toString())
                .startPaused(true);
        if (machine.firmware() instanceof Firmware.Ovmf) {
            context.ovmfVars(paths.ovmfVars().toString());
        }
        for (int i = 0; i < machine.nics().size(); i++) {
            if (machine.nics().get(i).backend() instanceof NicBackend.Macvtap macvtap) {
                String id = machine.nicId(i);
                boolean vhost = macvtap.vhost() == VhostMode.ON
                        || macvtap.vhost() == VhostMode.AUTO && facts.vhostForAuto();
                context.tapFds(id, new TapFds("fd-" + id, vhost ? Optional.of("vhostfd-" + id) : Optional.empty()));
            }
        }
        return context.build();
    }

    /** {@code machine} rendered for this host. */
    public RenderedMachine render(Machine machine) {
        return MachineRenderer.render(machine, context(machine));
    }
}
