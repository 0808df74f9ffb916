/**
 * The vm.toml format: reading a file into a validated machine ({@link io.jqemu.cli.config.VmToml},
 * {@link io.jqemu.cli.config.LoadedVm}) and reporting every problem at once with its
 * {@code file:line:column} ({@link io.jqemu.cli.config.InvalidConfigException}). Exported, but part
 * of the command-line tool rather than a library API; the format is documented in
 * {@code docs/vm-toml.md}.
 */
package io.jqemu.cli.config;
