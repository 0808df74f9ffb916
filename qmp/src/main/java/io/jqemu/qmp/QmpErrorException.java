package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/** QEMU answered a command with an {@code error} reply. */
public final class QmpErrorException extends QmpException {
    /** QEMU's error class. */
    private final String errorClass;
    /** QEMU's description of the error. */
    private final String description;
    /** The name of the command that failed. */
    private final String command;
    private final transient JsonNode sent;

    /**
     * Creates the exception for one error reply.
     *
     * @param errorClass QEMU's error class, e.g. {@code GenericError} or {@code DeviceNotFound}
     * @param description QEMU's human-readable description
     * @param command the command name that failed
     * @param sent the whole request as sent (without the id)
     */
    public QmpErrorException(String errorClass, String description, String command, JsonNode sent) {
        super("QMP command '" + command + "' failed: " + errorClass + ": " + description + " (sent " + sent + ")");
        this.errorClass = errorClass;
        this.description = description;
        this.command = command;
        this.sent = sent;
    }

    /** {@return QEMU's error class, e.g. {@code GenericError}} */
    public String errorClass() {
        return errorClass;
    }

    /** {@return QEMU's description of the error} */
    public String description() {
        return description;
    }

    /** {@return the name of the command that failed} */
    public String command() {
        return command;
    }

    /** {@return the request as it was sent, without its id} */
    public JsonNode sent() {
        return sent;
    }
}
