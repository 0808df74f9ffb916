/**
 * jqemu under systemd: the notify protocol {@code jqemu run} speaks on {@code $NOTIFY_SOCKET}, the
 * unit that runs a VM as a service (one source for {@code jqemu unit}, {@code jqemu enable} and the
 * Debian package's template), and its installation under a root directory.
 */
package io.jqemu.cli.systemd;
