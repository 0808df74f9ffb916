/**
 * Launcher benchmarks: launch-to-ready and disk hot-attach through jqemu, each against the same work
 * done by hand on a bare QEMU and a plain QMP socket. Not API.
 */
package io.jqemu.benchmarks.launcher;
