package io.jqemu.launcher;

/** What {@link RunningVm#saveState} does with the VM once its state is in the file. */
public enum AfterSave {
    /**
     * Stop QEMU ({@code quit}): the guest lives on only in the file, to be restored later (what
     * Proxmox calls hibernate). The default, since the disks must not change until the restore.
     */
    STOP,
    /** Leave the guest paused. */
    PAUSE,
    /**
     * Let the guest run on. Its disks change from then on, so the file can be restored only while
     * they are unchanged: a restore checks the images and refuses once they have been written.
     */
    CONTINUE
}
