package io.jqemu.launcher.host;

import io.jqemu.core.JqemuException;

/** The host cannot be prepared for (or restored after) a VM; the message names the field and value. */
public class HostException extends JqemuException {
    /** Creates an exception with a message. */
    public HostException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}
