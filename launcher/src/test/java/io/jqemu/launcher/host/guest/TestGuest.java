package io.jqemu.launcher.host.guest;

import io.jqemu.core.model.DirectKernelBoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tiny Linux guest {@code scripts/build-test-guest} builds (cached between runs). See
 * {@code scripts/guest/README.md} for its files and serial-console protocol.
 *
 * @param dir the guest directory
 */
public record TestGuest(Path dir) {
    private static TestGuest built;

    /** Builds (or finds in the cache) the guest; the first call of a run may take ~15 s. */
    public static synchronized TestGuest get() {
        if (built == null) {
            built = new TestGuest(runBuildScript());
        }
        return built;
    }

    /** Runs the build script again (it answers from its cache) and returns the directory it prints. */
    static Path runScriptAgain() {
        return runBuildScript();
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

    /**
     * Direct kernel boot of this guest from {@code kernel} ({@link #vmlinux()} for TCG, {@link #bzImage()}
     * under OVMF) with its initramfs and command line.
     */
    public DirectKernelBoot directBoot(Path kernel) {
        return DirectKernelBoot.kernel(kernel.toString()).withInitrd(initramfs().toString()).withCmdline(cmdline());
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

    private static Path runBuildScript() {
        Path script = repositoryRoot().resolve("scripts/build-test-guest");
        try {
            Process p = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed (exit " + p.exitValue() + ")");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("scripts/build-test-guest"))) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/build-test-guest not found above " + Path.of("").toAbsolutePath());
    }
}
