package io.jqemu.launcher;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Options for one launch.
 *
 * @param paused      leave the guest paused after setup (no {@code cont}); resume with {@link RunningVm#resume()}
 * @param restoreFrom a state file {@link RunningVm#saveState} wrote: QEMU starts with
 *                    {@code -incoming defer} and the guest continues from that state instead of booting
 * @param template    keep the guest's RAM in a shared file in the VM's runtime directory, so that
 *                    {@link RunningVm#saveState} writes only the device state and a copy of that file,
 *                    and every restore maps the copy privately (copy-on-write) instead of reading the
 *                    RAM from the stream: the fast way to start many VMs from one saved state
 */
public record LaunchOptions(boolean paused, Optional<Path> restoreFrom, boolean template) {
    /** Requires the restore file (possibly empty); a restored VM cannot be a template. */
    public LaunchOptions {
        Objects.requireNonNull(restoreFrom, "restoreFrom");
        if (template && restoreFrom.isPresent()) {
            throw new IllegalArgumentException("a VM restored from a saved state cannot be launched as a template:"
                    + " its RAM is a private copy; boot the template VM instead");
        }
    }

    /** Options without a state to restore, not a template. */
    public LaunchOptions(boolean paused, Optional<Path> restoreFrom) {
        this(paused, restoreFrom, false);
    }

    /** Options without a state to restore, not a template. */
    public LaunchOptions(boolean paused) {
        this(paused, Optional.empty());
    }

    /** Run the guest once QEMU is set up. */
    public static LaunchOptions running() {
        return new LaunchOptions(false);
    }

    /** Leave the guest paused once QEMU is set up. */
    public static LaunchOptions startPaused() {
        return new LaunchOptions(true);
    }

    /**
     * These options, restoring the VM state saved in {@code stateFile}.
     *
     * @throws IllegalArgumentException for template options ({@link #asTemplate()})
     */
    public LaunchOptions restoring(Path stateFile) {
        return new LaunchOptions(paused, Optional.of(stateFile), template);
    }

    /**
     * These options for a template VM: its RAM lives in a shared file so that a saved state of it
     * restores fast (see {@link #template()}).
     *
     * @throws IllegalArgumentException for options that restore a state
     */
    public LaunchOptions asTemplate() {
        return new LaunchOptions(paused, restoreFrom, true);
    }
}
