package io.jqemu.launcher;

import java.time.Duration;

/**
 * The guest keeps a drive's tray locked (it has the medium mounted): QEMU asked it to open the tray
 * and it did not. Nothing was changed; unmount the medium in the guest, or force the tray open.
 */
public final class MediaLockedException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** The guest of VM {@code vmName} kept the tray of drive {@code id} closed for {@code waited}. */
    public MediaLockedException(String vmName, String id, Duration waited) {
        super("VM " + vmName + ": the guest keeps the tray of drive " + id + " locked (is the medium mounted?): "
                + "it did not open within " + HumanDuration.of(waited) + " of being asked; unmount the medium in "
                + "the guest, or force the tray open (jqemu media --force)");
    }
}
