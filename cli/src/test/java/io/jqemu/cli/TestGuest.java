package io.jqemu.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The tiny Linux test guest's directory: {@code JQEMU_GUEST_DIR}, or built (cached) by scripts/build-test-guest. */
public final class TestGuest {

    private static Path dir;

    private TestGuest() {
    }

    /** The guest directory (vmlinux, initramfs.cpio.gz ...). */
    public static synchronized Path dir() {
        if (dir == null) {
            dir = locate();
        }
        return dir;
    }

    private static Path locate() {
        String fromEnv = System.getenv("JQEMU_GUEST_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path script = Path.of("..", "scripts", "build-test-guest").toAbsolutePath().normalize();
        try {
            Process build = new ProcessBuilder(List.of(script.toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException(script + " failed");
            }
            Path guest = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
            if (!Files.exists(guest.resolve("vmlinux"))) {
                throw new IllegalStateException(script + " printed " + guest + ", which has no vmlinux");
            }
            return guest;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted building the test guest", e);
        }
    }
}
