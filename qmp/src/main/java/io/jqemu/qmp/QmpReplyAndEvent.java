package io.jqemu.qmp;

/**
 * The reply to a command together with the event it caused.
 *
 * @param reply the command's typed reply (null for commands that return nothing)
 * @param event the first matching event received after the waiter was registered
 * @param <R> the reply type
 */
public record QmpReplyAndEvent<R>(R reply, QmpEvent event) {
}
