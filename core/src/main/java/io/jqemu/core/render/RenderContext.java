package io.jqemu.core.render;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.model.PciAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What only the launcher knows when a machine is rendered.
 *
 * @param qemuBinary        path of {@code qemu-system-x86_64}
 * @param autoAccelerator   what {@link Accelerator#AUTO} resolves to on this host (KVM or TCG)
 * @param vhostNetAvailable whether /dev/vhost-net is usable: resolves {@code vhost = AUTO} for tap NICs
 * @param qmpSocket         the QMP unix socket QEMU listens on
 * @param runtimeDir        directory for other runtime sockets (e.g. serial ports without a path)
 * @param ovmfVars          the per-VM OVMF vars file (the launcher creates it from the template);
 *                          required for OVMF machines
 * @param tapFds            inherited descriptors for macvtap NICs, by NIC id (for a QEMU started by
 *                          someone who hands it those descriptors)
 * @param startPaused       render {@code -S} (the launcher starts paused and sends {@code cont})
 * @param monitorTapFds     a macvtap NIC without {@code tapFds} gets its descriptors over QMP
 *                          ({@code getfd}) instead: it is left off the command line (its root port
 *                          stays) and its plan is returned in {@link RenderedMachine#monitorPlans()},
 *                          starting with a {@link PlanStep.PassMacvtapFds} step; a hot-plugged one names
 *                          them {@link TapFds#monitorNames(String, boolean)} too. Requires
 *                          {@code startPaused}: the NIC must be in place before the guest runs.
 * @param virtualFunctions  the host's SR-IOV virtual function addresses (the launcher reads them from sysfs)
 * @param incomingState     render {@code -incoming defer}: QEMU waits for a saved VM state, which the
 *                          launcher then feeds it over QMP ({@code migrate-incoming}); requires
 *                          {@code startPaused}
 * @param guestRam          guest RAM in a memory backend the launcher chooses (saved-state templates
 *                          and their restores), or empty for QEMU's default
 */
public record RenderContext(String qemuBinary, Accelerator autoAccelerator, boolean vhostNetAvailable,
                            String qmpSocket, String runtimeDir, Optional<String> ovmfVars,
                            Map<String, TapFds> tapFds, boolean startPaused, boolean monitorTapFds,
                            VirtualFunctions virtualFunctions, boolean incomingState, Optional<GuestRam> guestRam) {

    /** Where the host puts an SR-IOV physical function's virtual functions. */
    @FunctionalInterface
    public interface VirtualFunctions {
        /** None known: a machine with an SR-IOV virtual function cannot be rendered. */
        VirtualFunctions NONE = (pf, index) -> Optional.empty();

        /**
         * The PCI address virtual function {@code vfIndex} (0-based) of physical function {@code pf} has
         * (or will have once enabled), if the host can tell.
         */
        Optional<PciAddress> address(PciAddress pf, int vfIndex);
    }

    /** Checks the parts and that the accelerator is resolved. */
    public RenderContext {
        Objects.requireNonNull(qemuBinary, "qemuBinary");
        Objects.requireNonNull(autoAccelerator, "autoAccelerator");
        Objects.requireNonNull(qmpSocket, "qmpSocket");
        Objects.requireNonNull(runtimeDir, "runtimeDir");
        Objects.requireNonNull(ovmfVars, "ovmfVars");
        Objects.requireNonNull(virtualFunctions, "virtualFunctions");
        Objects.requireNonNull(guestRam, "guestRam");
        guestRam.flatMap(GuestRam::file).ifPresent(f -> requireAbsolute("guestRam.file", f));
        if (autoAccelerator == Accelerator.AUTO) {
            throw new IllegalArgumentException("autoAccelerator must be KVM or TCG, the launcher resolves AUTO");
        }
        tapFds = Map.copyOf(tapFds);
        if (monitorTapFds && !startPaused) {
            throw new IllegalArgumentException("monitorTapFds needs startPaused: the NICs are added before the guest runs");
        }
        if (incomingState && !startPaused) {
            throw new IllegalArgumentException("incomingState needs startPaused: the restored guest runs only after setup");
        }
        requireAbsolute("qmpSocket", qmpSocket);
        requireAbsolute("runtimeDir", runtimeDir);
        ovmfVars.ifPresent(v -> requireAbsolute("ovmfVars", v));
    }

    private static void requireAbsolute(String name, String path) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " must be an absolute path without NUL characters: " + path);
        }
    }

    /** A builder holding this context's values, to derive a changed one. */
    public Builder toBuilder() {
        Builder b = new Builder().qemuBinary(qemuBinary).autoAccelerator(autoAccelerator)
                .vhostNetAvailable(vhostNetAvailable).qmpSocket(qmpSocket).runtimeDir(runtimeDir)
                .startPaused(startPaused).monitorTapFds(monitorTapFds).virtualFunctions(virtualFunctions)
                .incomingState(incomingState);
        ovmfVars.ifPresent(b::ovmfVars);
        guestRam.ifPresent(b::guestRam);
        tapFds.forEach(b::tapFds);
        return b;
    }

    /**
     * A builder; defaults: {@code /usr/bin/qemu-system-x86_64}, AUTO means TCG, no vhost-net, start
     * paused, macvtap descriptors not over QMP.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder for {@link RenderContext}. */
    public static final class Builder {
        private String qemuBinary = "/usr/bin/qemu-system-x86_64";
        private Accelerator autoAccelerator = Accelerator.TCG;
        private boolean vhostNetAvailable;
        private String qmpSocket = "/run/jqemu/qmp.sock";
        private String runtimeDir = "/run/jqemu";
        private Optional<String> ovmfVars = Optional.empty();
        private final Map<String, TapFds> tapFds = new LinkedHashMap<>();
        private boolean startPaused = true;
        private boolean monitorTapFds;
        private VirtualFunctions virtualFunctions = VirtualFunctions.NONE;
        private boolean incomingState;
        private Optional<GuestRam> guestRam = Optional.empty();

        private Builder() {
        }

        /** Sets the QEMU binary. */
        public Builder qemuBinary(String value) {
            this.qemuBinary = value;
            return this;
        }

        /** Sets what AUTO resolves to. */
        public Builder autoAccelerator(Accelerator value) {
            this.autoAccelerator = value;
            return this;
        }

        /** Says whether /dev/vhost-net is usable. */
        public Builder vhostNetAvailable(boolean value) {
            this.vhostNetAvailable = value;
            return this;
        }

        /** Sets the QMP socket path. */
        public Builder qmpSocket(String value) {
            this.qmpSocket = value;
            return this;
        }

        /** Sets the runtime directory. */
        public Builder runtimeDir(String value) {
            this.runtimeDir = value;
            return this;
        }

        /** Sets the per-VM OVMF vars file. */
        public Builder ovmfVars(String value) {
            this.ovmfVars = Optional.of(value);
            return this;
        }

        /** Registers the descriptors for the macvtap NIC with id {@code nicId}. */
        public Builder tapFds(String nicId, TapFds fds) {
            tapFds.put(nicId, fds);
            return this;
        }

        /** Renders {@code -S} or not. */
        public Builder startPaused(boolean value) {
            this.startPaused = value;
            return this;
        }

        /** Passes macvtap descriptors over QMP (see {@link RenderContext#monitorTapFds()}). */
        public Builder monitorTapFds(boolean value) {
            this.monitorTapFds = value;
            return this;
        }

        /** Says where the host's SR-IOV virtual functions are. */
        public Builder virtualFunctions(VirtualFunctions value) {
            this.virtualFunctions = Objects.requireNonNull(value);
            return this;
        }

        /** Renders {@code -incoming defer} or not (see {@link RenderContext#incomingState()}). */
        public Builder incomingState(boolean value) {
            this.incomingState = value;
            return this;
        }

        /** Puts guest RAM into the given memory backend (see {@link RenderContext#guestRam()}). */
        public Builder guestRam(GuestRam value) {
            this.guestRam = Optional.of(value);
            return this;
        }

        /** Builds the context. */
        public RenderContext build() {
            return new RenderContext(qemuBinary, autoAccelerator, vhostNetAvailable, qmpSocket, runtimeDir, ovmfVars,
                    tapFds, startPaused, monitorTapFds, virtualFunctions, incomingState, guestRam);
        }
    }
}
