package io.jqemu.launcher.block;

import java.util.Optional;

/**
 * A completed backup, and why it is full when an incremental one was asked for.
 *
 * @param backup the backup as recorded
 * @param fullBecause why an incremental backup was not possible (no earlier backup, its dirty
 *     bitmap lost or inconsistent ...); empty when the backup is what was asked for
 */
public record BackupResult(Backup backup, Optional<String> fullBecause) {
}
