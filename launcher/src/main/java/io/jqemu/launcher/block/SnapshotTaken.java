package io.jqemu.launcher.block;

import java.util.OptionalInt;

/**
 * A snapshot just taken, and what the guest agent answered around it.
 *
 * @param snapshot the snapshot as recorded
 * @param frozenFileSystems how many file systems {@code guest-fsfreeze-freeze} froze (application-consistent only)
 * @param thawedFileSystems how many {@code guest-fsfreeze-thaw} thawed (application-consistent only)
 */
public record SnapshotTaken(Snapshot snapshot, OptionalInt frozenFileSystems, OptionalInt thawedFileSystems) {
}
