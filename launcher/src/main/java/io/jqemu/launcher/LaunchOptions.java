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
 */
public record LaunchOptions(boolean paused, Optional<Path> restoreFrom) {
    /** Requires the restore file (possibly empty). */
    public LaunchOptions {
        Objects.requireNonNull(restoreFrom, "restoreFrom");
    }

    /** Options without a state to restore. */
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

    /** These options, restoring the VM state saved in {@code stateFile}. */
    public LaunchOptions restoring(Path stateFile) {
        return new LaunchOptions(paused, Optional.of(stateFile));
    }
}
