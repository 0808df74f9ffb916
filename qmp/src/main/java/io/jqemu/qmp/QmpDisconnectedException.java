package io.jqemu.qmp;

/** The connection to QEMU was lost or closed before a command completed; the cause says why. */
public final class QmpDisconnectedException extends QmpException {
    /**
     * Creates the exception.
     *
     * @param message what was pending and where the connection went
     * @param cause why the connection ended (EOF, I/O error, protocol violation, local close)
     */
    public QmpDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
