package io.jqemu.launcher.host;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a value into a kernel attribute file (sysfs). The real kernel reacts to such writes
 * (unbinding a driver, creating virtual functions); tests plug in a writer that simulates it.
 */
@FunctionalInterface
public interface AttributeWriter {
    /** Writes {@code value} to the attribute at {@code file} in one write, without truncating. */
    void write(Path file, String value) throws IOException;
}
