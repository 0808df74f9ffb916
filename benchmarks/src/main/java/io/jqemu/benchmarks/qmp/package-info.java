/**
 * QMP client benchmarks: command round trips and pipelined batches through jqemu's client, against a
 * minimal blocking client that writes the same bytes on its own monitor of the same QEMU. Not API.
 */
package io.jqemu.benchmarks.qmp;
