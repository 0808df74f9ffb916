package io.jqemu.launcher;

/**
 * Options for one launch.
 *
 * @param paused leave the guest paused after setup (no {@code cont}); resume with {@link RunningVm#resume()}
 */
public record LaunchOptions(boolean paused) {
    /** Run the guest once QEMU is set up. */
    public static LaunchOptions running() {
        return new LaunchOptions(false);
    }

    /** Leave the guest paused once QEMU is set up. */
    public static LaunchOptions startPaused() {
        return new LaunchOptions(true);
    }
}
