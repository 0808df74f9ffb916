package io.jqemu.qmp;

import java.time.Duration;

/**
 * A command or an event wait did not complete in time. For a command that was already sent, QEMU
 * may still be executing it: its effects can appear later.
 */
public final class QmpTimeoutException extends QmpException {
    /**
     * Creates a timeout exception.
     *
     * @param message what timed out and what that means
     */
    public QmpTimeoutException(String message) {
        super(message);
    }

    /**
     * The message for a command that was sent and got no reply in time.
     *
     * @param command the command name
     * @param timeout the time allowed
     * @return a timeout exception whose message warns that QEMU may still run the command
     */
    public static QmpTimeoutException commandSent(String command, Duration timeout) {
        return new QmpTimeoutException("QMP command '" + command + "' got no reply within " + timeout.toMillis()
                + " ms; the command may still be running inside QEMU and take effect later");
    }

    /**
     * The message for a command that waited in the client's queue and was never sent.
     *
     * @param command the command name
     * @param timeout the time allowed
     * @return a timeout exception saying that the command never reached QEMU
     */
    public static QmpTimeoutException commandNotSent(String command, Duration timeout) {
        return new QmpTimeoutException("QMP command '" + command + "' was still queued after " + timeout.toMillis()
                + " ms (QEMU was busy with earlier commands); it was not sent");
    }
}
