package io.jqemu.qmp;

/** The opt-in schema check rejected a command locally, before sending it; the message lists valid names. */
public final class QmpSchemaException extends QmpException {
    /**
     * Creates the exception.
     *
     * @param message the unknown name and the valid ones
     */
    public QmpSchemaException(String message) {
        super(message);
    }
}
