package io.jqemu.core;

/** Unchecked root of every jqemu exception outside the QMP client. */
public class JqemuException extends RuntimeException {
    /** Creates an exception with a message. */
    public JqemuException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public JqemuException(String message, Throwable cause) {
        super(message, cause);
    }
}
