/**
 * One picocli command class per {@code jqemu} subcommand, plus what the commands acting on a running
 * VM by name share. Internal: not exported, opened only to picocli.
 */
package io.jqemu.cli.command;
