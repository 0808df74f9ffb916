package io.jqemu.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one rule every test finds QEMU by: the path in {@code $JQEMU_QEMU} when it is set, otherwise
 * {@code qemu-system-x86_64} on {@code PATH}. A test that starts QEMU must carry {@link RequiresQemu}
 * or {@link BootsGuest}: {@code ./scripts/test --quick} points {@code JQEMU_QEMU} at a path that does
 * not exist, so an untagged test that reaches this rule fails with a message saying so.
 */
public final class QemuBinary {
    /** The environment variable naming the QEMU binary. */
    public static final String ENVIRONMENT = "JQEMU_QEMU";
    /** The binary looked up on {@code PATH} when {@link #ENVIRONMENT} is not set. */
    public static final String NAME = "qemu-system-x86_64";

    private QemuBinary() {
    }

    /** The absolute path of the QEMU binary; fails when there is none. */
    public static String path() {
        return resolve(System.getenv());
    }

    /** The rule applied to {@code environment}. */
    static String resolve(Map<String, String> environment) {
        String configured = environment.get(ENVIRONMENT);
        if (configured != null && !configured.isBlank()) {
            Path binary = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
                throw new IllegalStateException(ENVIRONMENT + "=" + configured + " is not an executable file. A test"
                        + " that starts QEMU must be tagged @" + RequiresQemu.class.getSimpleName() + " (or @"
                        + BootsGuest.class.getSimpleName() + " when it boots the test guest): ./scripts/test --quick"
                        + " runs only untagged tests and points " + ENVIRONMENT + " at a missing file so that they"
                        + " cannot start QEMU.");
            }
            return binary.toString();
        }
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, NAME).toAbsolutePath();
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException(NAME + " is not on PATH (" + path + ") and " + ENVIRONMENT
                + " is not set: install the Debian package qemu-system-x86 or set " + ENVIRONMENT + " to the binary");
    }
}
