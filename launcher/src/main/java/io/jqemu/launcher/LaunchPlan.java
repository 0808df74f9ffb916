package io.jqemu.launcher;

import io.jqemu.core.model.Machine;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.RenderedMachine;
import io.jqemu.launcher.host.VmPaths;
import java.util.List;
import java.util.Objects;

/**
 * Exactly what {@link Launcher#launch} passes to QEMU and prepares on the host for a machine, from
 * {@link Launcher#render(Machine)}: the argv (with {@code -S}, the VM's own socket and OVMF vars
 * paths, accelerator and vhost {@code auto} resolved from the host's facts) and the host
 * resources the preparation checks and makes. {@code launch} itself starts from this plan.
 *
 * @param machine          the machine rendered
 * @param paths            the VM's state and runtime directories
 * @param context          the render context (host-dependent settings)
 * @param rendered         core's rendering: argv, host resources, hot-plug root ports
 * @param hostResources    what the host preparation checks and makes, in order: core's host
 *                         resources, after {@link HostResource.Kvm} when KVM is asked for explicitly
 */
public record LaunchPlan(Machine machine, VmPaths paths, RenderContext context, RenderedMachine rendered,
                         List<HostResource> hostResources) {
    /** Rejects a missing part (null) and keeps an unmodifiable copy of the host resources. */
    public LaunchPlan {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(rendered, "rendered");
        hostResources = List.copyOf(hostResources);
    }

    /** QEMU's argv, the binary first. */
    public List<String> argv() {
        return rendered.argv();
    }
}
