/**
 * A VM as {@code jqemu} manages it under the state root: the control socket {@code jqemu run}
 * serves, the requests the management commands send to it (or to a re-attached VM), the serial
 * console relay and signal handling. Exported, but part of the command-line tool rather than a
 * library API.
 */
package io.jqemu.cli.vm;
