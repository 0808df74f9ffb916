package io.jqemu.cli;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.Firmware;
import io.jqemu.core.model.Machine;
import io.jqemu.core.render.MachineRenderer;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.launcher.host.HostFacts;
import io.jqemu.launcher.host.HostLayout;
import io.jqemu.launcher.host.VmPaths;

/**
 * How {@code jqemu} renders a machine for this host: the VM's sockets and OVMF vars file under
 * the state layout, {@code auto} settings resolved from the host's facts, and {@code -S} because
 * {@code run} starts paused, finishes setup over QMP and then continues.
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
        return context.build();
    }

    /** {@code machine} rendered for this host. */
    public RenderedMachine render(Machine machine) {
        return MachineRenderer.render(machine, context(machine));
    }
}
