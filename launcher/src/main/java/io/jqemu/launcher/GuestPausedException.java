package io.jqemu.launcher;

/**
 * A graceful shutdown was asked of a paused guest. A paused guest cannot see the ACPI power
 * button, so waiting for it would only run into the timeout: resume it first, or call
 * {@link RunningVm#stop()} which starts the ladder at {@code quit}.
 */
public final class GuestPausedException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** For the VM with this name. */
    public GuestPausedException(String vmName) {
        super("VM " + vmName + " is paused: a paused guest cannot act on the ACPI power button; "
                + "resume it first (RunningVm.resume()) or stop it with RunningVm.stop(), which starts at quit");
    }
}
