/**
 * Block jobs, external snapshots and incremental backups of a running VM's disks:
 * {@link io.jqemu.launcher.block.BlockJob} (one QEMU job), {@link io.jqemu.launcher.block.DiskSnapshots}
 * and {@link io.jqemu.launcher.block.DiskBackups}, with their chains recorded in the VM's state directory.
 */
package io.jqemu.launcher.block;
