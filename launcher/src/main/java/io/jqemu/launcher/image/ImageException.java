package io.jqemu.launcher.image;

import io.jqemu.launcher.LauncherException;

/** A disk image could not be created, grown or read; the message names the image and, where known, the field. */
public class ImageException extends LauncherException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming the image. */
    public ImageException(String message) {
        super(message);
    }

    /** An error caused by another one. */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
