package io.jqemu.launcher.block;

import java.time.Instant;

/**
 * One completed backup of a disk, as recorded in the VM's state directory.
 *
 * @param id the backup's id (its time and kind, e.g. {@code 20261202T093012.345-full})
 * @param full whether it holds the whole disk; an incremental one holds the blocks written since
 *     the backup before it, and names that backup's file as its qcow2 backing file
 * @param created when it completed
 * @param file the backup's qcow2 file
 * @param bitmap the persistent dirty bitmap on the disk's image that records writes since this backup
 */
public record Backup(String id, boolean full, Instant created, String file, String bitmap) {
}
