package io.jqemu.launcher.host;

import io.jqemu.core.model.VmName;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where VMs keep their files: a persistent state directory per VM (undo journal, QEMU log, OVMF
 * vars) under {@code stateRoot}, and a short runtime directory per VM (unix sockets) under
 * {@code runtimeRoot}, kept short because socket paths must stay under 108 bytes.
 *
 * @param stateRoot   the parent of every VM's state directory
 * @param runtimeRoot the parent of every VM's runtime directory
 */
public record HostLayout(Path stateRoot, Path runtimeRoot) {
    /** Checks both roots are absolute. */
    public HostLayout {
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(runtimeRoot, "runtimeRoot");
        stateRoot = stateRoot.toAbsolutePath().normalize();
        runtimeRoot = runtimeRoot.toAbsolutePath().normalize();
    }

    /**
     * The default layout: {@code /var/lib/jqemu} and {@code /run/jqemu} for root; otherwise
     * {@code $XDG_STATE_HOME/jqemu} (or {@code ~/.local/state/jqemu}) and
     * {@code $XDG_RUNTIME_DIR/jqemu} (or {@code /tmp/jqemu-<user>}).
     */
    public static HostLayout defaults() {
        String user = System.getProperty("user.name");
        if ("root".equals(user)) {
            return new HostLayout(Path.of("/var/lib/jqemu"), Path.of("/run/jqemu"));
        }
        String home = System.getProperty("user.home");
        String state = System.getenv("XDG_STATE_HOME");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return new HostLayout(
                state != null && !state.isBlank() ? Path.of(state, "jqemu") : Path.of(home, ".local", "state", "jqemu"),
                runtime != null && !runtime.isBlank() ? Path.of(runtime, "jqemu") : Path.of("/tmp", "jqemu-" + user));
    }

    /** The paths of VM {@code name}; the error names the field {@code name} when it cannot be a directory name. */
    public VmPaths forVm(String name) {
        VmName.problem(name).ifPresent(problem -> {
            throw new HostException("name: " + problem);
        });
        return new VmPaths(stateRoot.resolve(name), runtimeRoot.resolve(name));
    }
}
