package io.jqemu.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tiny Linux test guest: the directory in {@code $JQEMU_GUEST_DIR} when it is set, otherwise the
 * one {@code scripts/build-test-guest} prints (it builds once, within
 * {@link TestTimeouts#GUEST_BUILD}, then answers from its cache). See {@code scripts/guest/README.md}
 * for its files and serial-console protocol. Tests that use it carry {@link BootsGuest}.
 *
 * @param dir the guest directory
 */
public record TestGuest(Path dir) {
    /** The environment variable naming a ready guest directory. */
    public static final String ENVIRONMENT = "JQEMU_GUEST_DIR";
    private static TestGuest found;

    /** The guest of this test run; fails when it can be neither found nor built. */
    public static synchronized TestGuest get() {
        if (found == null) {
            found = locate(System.getenv());
        }
        return found;
    }

    /** The guest {@code environment} names, or the one the build script makes. */
    static TestGuest locate(Map<String, String> environment) {
        String configured = environment.get(ENVIRONMENT);
        return configured != null && !configured.isBlank()
                ? checked(Path.of(configured), ENVIRONMENT + "=" + configured)
                : checked(runBuildScript(), "scripts/build-test-guest");
    }

    /** Runs {@code scripts/build-test-guest} again (it answers from its cache) and returns the directory it prints. */
    public static Path runBuildScript() {
        Path script = RepositoryRoot.find().resolve("scripts/build-test-guest");
        try {
            Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TestTimeouts.GUEST_BUILD.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + TestTimeouts.GUEST_BUILD);
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException(script + " failed (exit " + p.exitValue() + ")");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the test guest", e);
        }
    }

    /** The uncompressed PVH kernel, for fast direct boot ({@code -kernel}). */
    public Path vmlinux() {
        return dir.resolve("vmlinux");
    }

    /** The packaged compressed kernel, for OVMF boots. */
    public Path bzImage() {
        return dir.resolve("bzImage");
    }

    /** The initramfs ({@code -initrd}). */
    public Path initramfs() {
        return dir.resolve("initramfs.cpio.gz");
    }

    /** The kernel command line ({@code -append}). */
    public String cmdline() {
        return read("cmdline");
    }

    /** The guest kernel's version ({@code uname -r}). */
    public String kernelVersion() {
        return read("kernel-version");
    }

    /** Whether the guest includes qemu-ga. */
    public boolean hasGuestAgent() {
        return read("qemu-ga").equals("yes");
    }

    /** The raw QEMU options that direct-boot this guest, for tests that start QEMU without jqemu. */
    public List<String> directBootArgs() {
        return List.of("-kernel", vmlinux().toString(), "-initrd", initramfs().toString(), "-append", cmdline());
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestGuest checked(Path dir, String origin) {
        if (!Files.isRegularFile(dir.resolve("vmlinux"))) {
            throw new IllegalStateException(origin + ": " + dir + " holds no test guest (no vmlinux). A test that"
                    + " uses the test guest must be tagged @" + BootsGuest.class.getSimpleName()
                    + ": ./scripts/test --quick runs only untagged tests and points " + ENVIRONMENT
                    + " at a missing directory.");
        }
        return new TestGuest(dir);
    }
}
