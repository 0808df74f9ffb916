package io.jqemu.launcher;

import java.util.Optional;

/**
 * Another controller (a {@code jqemu run}, another {@link Launcher}, perhaps in another process)
 * holds the VM: {@link Launcher#launch} and {@link Launcher#reattach} refuse at once and change
 * nothing. The message names the holder's pid and command when it could be read.
 */
public final class VmLockedException extends LauncherException {
    private static final long serialVersionUID = 1L;
    private final transient VmController holder;

    /** VM {@code name} is held by {@code holder} (empty when the holder has not said who it is). */
    public VmLockedException(String name, Optional<VmController> holder) {
        super("VM " + name + " is already controlled by " + holder.map(VmController::toString)
                .orElse("another process (it did not record who it is)") + "; only one controller may hold a VM");
        this.holder = holder.orElse(null);
    }

    /** Who holds the VM, when it recorded that. */
    public Optional<VmController> holder() {
        return Optional.ofNullable(holder);
    }
}
