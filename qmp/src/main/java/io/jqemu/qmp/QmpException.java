package io.jqemu.qmp;

/** Root of every exception the qmp module throws; unchecked. */
public class QmpException extends RuntimeException {
    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public QmpException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
