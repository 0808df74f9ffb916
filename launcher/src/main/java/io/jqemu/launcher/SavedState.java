package io.jqemu.launcher;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The outcome of {@link RunningVm#saveState}.
 *
 * @param file     the state file
 * @param bytes    its size
 * @param duration how long the save took (the guest was paused meanwhile)
 * @param after    what was done with the VM afterwards
 */
public record SavedState(Path file, long bytes, Duration duration, AfterSave after) {
}
