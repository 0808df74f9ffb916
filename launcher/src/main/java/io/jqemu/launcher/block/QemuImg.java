package io.jqemu.launcher.block;

import io.jqemu.launcher.LauncherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * QEMU's {@code qemu-img}, run as a plain argv (never through a shell). New files are reserved
 * first with an exclusive create ({@code 0600}), so an existing file is never overwritten.
 *
 * @param binary the {@code qemu-img} executable
 */
public record QemuImg(Path binary) {
    /** How long one {@code qemu-img} run may take (a convert of a large image takes minutes). */
    private static final long TIMEOUT_MINUTES = 60;

    /**
     * The {@code qemu-img} beside {@code qemuBinary} when there is one there, else the one on {@code PATH}.
     *
     * @param qemuBinary the QEMU system emulator's path or name
     * @return the {@code qemu-img} to run
     */
    public static QemuImg besides(String qemuBinary) {
        Path sibling = Path.of(qemuBinary).resolveSibling("qemu-img");
        return new QemuImg(Path.of(qemuBinary).getParent() != null && Files.isExecutable(sibling) ? sibling
                : Path.of("qemu-img"));
    }

    /**
     * Creates a new qcow2 image, optionally over a backing file. With a size the backing file is not
     * opened ({@code -u}: a running QEMU holds its lock); without one it takes the backing file's size.
     *
     * @throws LauncherException when the file exists or qemu-img fails (its message included)
     */
    public void createQcow2(Path file, java.util.OptionalLong size, java.util.Optional<String> backing,
                            java.util.Optional<String> backingFormat) {
        reserve(file);
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        backing.ifPresent(b -> {
            args.addAll(size.isPresent() ? List.of("-u", "-b", b) : List.of("-b", b));
            backingFormat.ifPresent(f -> args.addAll(List.of("-F", f)));
        });
        args.add(file.toString());
        size.ifPresent(v -> args.add(Long.toString(v)));
        try {
            run(args);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** Points {@code image}'s backing file at {@code backing} without reading any data ({@code rebase -u}). */
    public void rebaseUnsafe(Path image, Path backing, String backingFormat) {
        run(List.of("rebase", "-u", "-f", "qcow2", "-b", backing.toString(), "-F", backingFormat, image.toString()));
    }

    /**
     * Writes {@code source} with its whole backing chain into the new image {@code target}.
     *
     * @throws LauncherException when {@code target} exists or qemu-img fails
     */
    public void convert(Path source, Path target, String targetFormat) {
        reserve(target);
        try {
            run(List.of("convert", "-f", "qcow2", "-O", targetFormat, source.toString(), target.toString()));
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    /** Creates {@code file} exclusively with mode 0600. */
    static void reserve(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new LauncherException(file + " already exists; jqemu never overwrites an image");
        } catch (IOException e) {
            throw new LauncherException("cannot create " + file + ": " + e, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind, and not recorded anywhere: nothing counts it
        }
    }

    private void run(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(args);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                    Path.of("/dev/null").toFile())).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new LauncherException(String.join(" ", argv) + " did not finish within " + TIMEOUT_MINUTES + " min");
            }
            if (p.exitValue() != 0) {
                throw new LauncherException(String.join(" ", argv) + " failed (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new LauncherException("cannot run " + binary + ": " + e.getMessage() + " (package qemu-utils)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while running " + binary, e);
        }
    }
}
