package io.jqemu.libvirt;

import io.jqemu.core.JqemuException;

/**
 * Thrown when a domain XML cannot be imported at all: it is not well-formed XML, it is not a
 * {@code <domain>}, it is for another hypervisor, or a value in it cannot become part of a valid
 * machine. The message names the source and, where there is one, the XPath and the value.
 */
public class LibvirtImportException extends JqemuException {
    /** Creates the exception with a message. */
    public LibvirtImportException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public LibvirtImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
