package io.jqemu.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link Launcher#reattach} found no running QEMU for a state directory. What the dead VM left
 * on the host has been undone; {@link #undone()} lists it.
 */
public final class VmNotRunningException extends LauncherException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> undone;

    /** For the VM recorded in {@code stateDir}, after undoing {@code undone}. */
    public VmNotRunningException(Path stateDir, List<String> undone) {
        super("no running VM in " + stateDir + (undone.isEmpty() ? "" : "; undid what it left behind: " + undone));
        this.undone = List.copyOf(undone);
    }

    /** The host changes that were undone, oldest first, as text. */
    public List<String> undone() {
        return undone;
    }
}
