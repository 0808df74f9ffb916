/**
 * The {@code jqemu} program ({@link io.jqemu.cli.Jqemu}) and what its commands share: exit codes,
 * error reporting, options, logging set-up and command-line printing. Exported, but part of the
 * command-line tool rather than a library API: Java code uses the launcher module.
 */
package io.jqemu.cli;
