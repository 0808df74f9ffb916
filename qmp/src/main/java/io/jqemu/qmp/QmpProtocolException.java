package io.jqemu.qmp;

/** The peer sent something that is not valid QMP: bad JSON, an oversize frame, a missing field. */
public final class QmpProtocolException extends QmpException {
    /**
     * Creates the exception.
     *
     * @param message what was wrong with the peer's bytes
     */
    public QmpProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was wrong with the peer's bytes
     * @param cause the parser failure
     */
    public QmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
