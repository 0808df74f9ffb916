package io.jqemu.qmp;

/**
 * The schema check refused a command locally, before sending it; the message names the command and
 * the argument's path, and lists the valid names where there are some.
 */
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
