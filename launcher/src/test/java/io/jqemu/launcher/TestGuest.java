package io.jqemu.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tiny Linux test guest: from {@code JQEMU_GUEST_DIR}, or built (cached) by
 * {@code scripts/build-test-guest} found above the test's working directory.
 */
final class TestGuest {
    private static Path dir;

    private TestGuest() {
    }

    /** The guest directory (vmlinux, bzImage, initramfs.cpio.gz, cmdline). */
    static synchronized Path dir() {
        if (dir == null) {
            dir = locate();
        }
        return dir;
    }

    static Path vmlinux() {
        return dir().resolve("vmlinux");
    }

    static Path bzImage() {
        return dir().resolve("bzImage");
    }

    static Path initramfs() {
        return dir().resolve("initramfs.cpio.gz");
    }

    static String cmdline() {
        try {
            return Files.readString(dir().resolve("cmdline")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the test guest has no cmdline file in " + dir(), e);
        }
    }

    private static Path locate() {
        String fromEnv = System.getenv("JQEMU_GUEST_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isExecutable(root.resolve("scripts/build-test-guest"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("no JQEMU_GUEST_DIR and no scripts/build-test-guest above "
                    + Path.of("").toAbsolutePath());
        }
        try {
            Process build = new ProcessBuilder(List.of(root.resolve("scripts/build-test-guest").toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("scripts/build-test-guest failed (exit " + build.exitValue() + ")");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/build-test-guest: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted building the test guest", e);
        }
    }
}
