/** Backup throughput of a paused VM's disk against {@code qemu-img convert} of the same image. */
package io.jqemu.benchmarks.block;
