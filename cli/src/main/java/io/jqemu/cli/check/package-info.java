/**
 * The host preflight behind {@code jqemu check}: {@link io.jqemu.cli.check.HostCheck} reads the
 * host, never changes it, and reports one {@link io.jqemu.cli.check.Finding} per host resource.
 * Exported, but part of the command-line tool rather than a library API.
 */
package io.jqemu.cli.check;
