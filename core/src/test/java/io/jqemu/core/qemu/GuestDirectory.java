package io.jqemu.core.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The project's tiny Linux test guest ({@code vmlinux}, {@code bzImage}, {@code initramfs.cpio.gz},
 * {@code cmdline}): {@code $JQEMU_GUEST_DIR} when set, otherwise what {@code scripts/build-test-guest}
 * prints (it builds once, then answers from its cache).
 */
final class GuestDirectory {
    private static Path found;

    private GuestDirectory() {
    }

    /** The guest directory; fails when the guest cannot be found or built. */
    static synchronized Path get() throws IOException, InterruptedException {
        if (found == null) {
            String env = System.getenv("JQEMU_GUEST_DIR");
            found = env != null && !env.isBlank() ? Path.of(env) : build();
        }
        return found;
    }

    /** The kernel command line the guest expects (its {@code cmdline} file). */
    static String cmdline() throws IOException, InterruptedException {
        return Files.readString(get().resolve("cmdline"), StandardCharsets.UTF_8).strip();
    }

    private static Path build() throws IOException, InterruptedException {
        Path script = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && script == null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("scripts/build-test-guest"))) {
                script = p.resolve("scripts/build-test-guest");
            }
        }
        if (script == null) {
            throw new IOException("scripts/build-test-guest not found above " + Path.of("").toAbsolutePath());
        }
        Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(script + " failed");
        }
        return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
