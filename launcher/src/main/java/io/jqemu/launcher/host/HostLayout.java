package io.jqemu.launcher.host;

import io.jqemu.core.model.VmName;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where VMs keep their files: a persistent state directory per VM (undo journal, QEMU log, OVMF
 * vars) under {@code stateRoot}, and a short runtime directory per VM (unix sockets) under
 * {@code runtimeRoot}, kept short because socket paths must stay under 108 bytes.
 *
 * <p>Ownership rules, enforced when the directories are created and whenever a VM is found from
 * its state directory ({@link VmPaths#load}): a missing root is created with {@code mkdir} (which
 * fails when the path exists) as {@code 0700}; an existing root must be a real directory (not a
 * symbolic link) owned by the user running jqemu and not writable by group or others; a VM's own
 * state and runtime directory must be a real directory of that user, made {@code 0700}. A refusal
 * is a {@link HostException} naming the field, the path, its owner and mode.
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
     * {@code $XDG_RUNTIME_DIR/jqemu} (or {@code /tmp/jqemu-<user>}, which the ownership rules above
     * keep from being a directory another user created first).
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
