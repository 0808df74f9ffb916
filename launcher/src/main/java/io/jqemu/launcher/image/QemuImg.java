package io.jqemu.launcher.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jqemu.core.model.DiskSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code qemu-img} of a QEMU installation, run as a plain argv (never a shell): creates images
 * and snapshot overlays without ever overwriting a file, grows them, rebases and converts backup
 * chains, and reads their facts.
 *
 * <p>Why {@code qemu-img} and not QMP's {@code blockdev-create}: a disk on QEMU's command line must
 * exist before QEMU starts, and {@code jqemu disk create|resize|info} work without any VM;
 * {@code qemu-img} is part of every QEMU installation (Debian: package {@code qemu-utils}).
 */
public final class QemuImg {
    private static final Logger LOG = LoggerFactory.getLogger(QemuImg.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a metadata-only run may take (create, grow, rebase, info). */
    private static final Duration METADATA_TIMEOUT = Duration.ofMinutes(2);
    /** How long a run that copies data may take: converting a large image takes minutes. */
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(60);

    private final Path executable;

    private QemuImg(Path executable) {
        this.executable = executable;
    }

    /** {@code qemu-img} at {@code executable}. */
    public static QemuImg at(Path executable) {
        return new QemuImg(Objects.requireNonNull(executable, "executable"));
    }

    /**
     * The {@code qemu-img} beside {@code qemuBinary} (a path, or a name looked up on {@code PATH},
     * symbolic links followed too), else the one on {@code PATH}.
     *
     * @throws ImageException when there is none, saying where it looked
     */
    public static QemuImg besideQemu(String qemuBinary) {
        return find(qemuBinary).map(QemuImg::new).orElseThrow(() -> new ImageException(
                "qemu-img not found beside " + qemuBinary + " nor on PATH; install it (Debian: apt-get install qemu-utils)"));
    }

    /** Like {@link #besideQemu} but empty when there is none. */
    public static Optional<Path> find(String qemuBinary) {
        List<Path> candidates = new ArrayList<>();
        Path qemu = Path.of(qemuBinary);
        if (qemuBinary.contains("/")) {
            candidates.add(qemu);
        } else {
            path().forEach(dir -> candidates.add(dir.resolve(qemuBinary)));
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                Optional<Path> beside = executable(candidate.toAbsolutePath().resolveSibling("qemu-img"));
                if (beside.isPresent()) {
                    return beside;
                }
                try {
                    Optional<Path> real = executable(candidate.toRealPath().resolveSibling("qemu-img"));
                    if (real.isPresent()) {
                        return real;
                    }
                } catch (IOException e) {
                    LOG.debug("cannot resolve {}: {}", candidate, e.toString());
                }
            }
        }
        return path().stream().map(dir -> dir.resolve("qemu-img")).filter(Files::isExecutable).findFirst();
    }

    private static Optional<Path> executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
    }

    private static List<Path> path() {
        String path = System.getenv("PATH");
        if (path == null) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }

    /** The executable run. */
    public Path executable() {
        return executable;
    }

    /**
     * Creates a new image at {@code file}, private to its owner ({@code 0600}), never over an existing
     * file: the file is made with {@code O_EXCL} first, then {@code qemu-img create} writes the image
     * into it. When {@code qemu-img} fails, the file made is removed.
     *
     * @param format    {@code raw} or {@code qcow2}
     * @param sizeBytes the virtual size
     * @param backing   a backing image for a qcow2 image (its format is read with {@link #info})
     * @throws FileExistsException when {@code file} exists (nothing was touched)
     * @throws ImageException when the image cannot be created
     */
    public void create(Path file, String format, long sizeBytes, Optional<Path> backing) {
        String sizeProblem = DiskSize.problem(sizeBytes);
        if (sizeProblem != null) {
            throw new ImageException("cannot create " + file + ": a size of " + sizeBytes + " bytes " + sizeProblem);
        }
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "create", "-q", "-f", format));
        if (backing.isPresent()) {
            String backingFormat = info(backing.get()).format();
            argv.addAll(List.of("-b", backing.get().toString(), "-F", backingFormat));
        }
        argv.addAll(List.of("--", file.toString(), Long.toString(sizeBytes)));
        intoNewFile(file, argv, METADATA_TIMEOUT);
        LOG.info("created {} image {} of {}{}", format, file, DiskSize.describe(sizeBytes),
                backing.map(b -> " on backing " + b).orElse(""));
    }

    /**
     * Creates a new qcow2 overlay at {@code file} over {@code backing} (a snapshot or an incremental
     * backup target), private to its owner and never over an existing file. With a size the backing
     * file is not opened ({@code -u}: a running QEMU holds its lock); without one the overlay takes
     * the backing file's size.
     *
     * @param sizeBytes     the virtual size, or empty for the backing file's
     * @param backing       the backing image, or empty for a standalone qcow2 image (then a size is needed)
     * @param backingFormat the backing image's format
     * @throws FileExistsException when {@code file} exists (nothing was touched)
     * @throws ImageException when the overlay cannot be created
     */
    public void createOverlay(Path file, OptionalLong sizeBytes, Optional<String> backing, String backingFormat) {
        if (backing.isEmpty() && sizeBytes.isEmpty()) {
            throw new ImageException("cannot create " + file + ": a qcow2 image without a backing file needs a size");
        }
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "create", "-q", "-f", "qcow2"));
        backing.ifPresent(b -> {
            if (sizeBytes.isPresent()) {
                argv.add("-u");
            }
            argv.addAll(List.of("-b", b, "-F", backingFormat));
        });
        argv.addAll(List.of("--", file.toString()));
        sizeBytes.ifPresent(v -> argv.add(Long.toString(v)));
        intoNewFile(file, argv, METADATA_TIMEOUT);
    }

    /**
     * Points {@code image}'s backing file at {@code backing} without reading any data
     * ({@code qemu-img rebase -u}).
     *
     * @throws ImageException when qemu-img fails
     */
    public void rebaseUnsafe(Path image, Path backing, String backingFormat) {
        run(List.of(executable.toString(), "rebase", "-u", "-f", "qcow2", "-b", backing.toString(), "-F",
                backingFormat, "--", image.toString()), METADATA_TIMEOUT);
    }

    /**
     * Writes the qcow2 image {@code source}, with its whole backing chain, into the new image
     * {@code target} (never over an existing file; removed again when qemu-img fails).
     *
     * @param targetFormat {@code raw} or {@code qcow2}
     * @throws FileExistsException when {@code target} exists
     * @throws ImageException when qemu-img fails
     */
    public void convert(Path source, Path target, String targetFormat) {
        intoNewFile(target, List.of(executable.toString(), "convert", "-f", "qcow2", "-O", targetFormat, "--",
                source.toString(), target.toString()), COPY_TIMEOUT);
    }

    /**
     * Removes {@code file} if it is there; a failure is logged, not thrown (the callers are already
     * undoing a failed step).
     */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
        }
    }

    /** Creates {@code file} with {@code O_EXCL} and mode 0600, then runs {@code argv}, which fills it. */
    private void intoNewFile(Path file, List<String> argv, Duration timeout) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new FileExistsException(file);
        } catch (IOException e) {
            throw new ImageException("cannot create " + file + ": " + e.getMessage(), e);
        }
        try {
            run(argv, timeout);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /**
     * Grows the image at {@code file} to {@code sizeBytes}, offline. Shrinking is refused (it loses the
     * data past the new end). {@code qemu-img} takes the image's write lock, so an image a running
     * QEMU holds is refused with qemu-img's own words.
     *
     * @return the image's facts before the resize
     * @throws ImageException when the image cannot be grown
     */
    public ImageInfo grow(Path file, long sizeBytes) {
        String sizeProblem = DiskSize.problem(sizeBytes);
        if (sizeProblem != null) {
            throw new ImageException("cannot resize " + file + ": a size of " + sizeBytes + " bytes " + sizeProblem);
        }
        ImageInfo before = info(file);
        if (sizeBytes < before.virtualSize()) {
            throw new ImageException("refusing to shrink " + file + " from " + DiskSize.describe(before.virtualSize())
                    + " to " + DiskSize.describe(sizeBytes) + " (the data past the new end would be lost)");
        }
        if (sizeBytes > before.virtualSize()) {
            run(List.of(executable.toString(), "resize", "-q", "-f", before.format(), "--", file.toString(),
                    Long.toString(sizeBytes)), METADATA_TIMEOUT);
            LOG.info("grew {} from {} to {}", file, DiskSize.describe(before.virtualSize()), DiskSize.describe(sizeBytes));
        }
        return before;
    }

    /**
     * The facts of the image at {@code file} ({@code qemu-img info --output=json}, with
     * {@code --force-share} so that an image a running VM holds can be read too).
     *
     * @throws ImageException when the file is missing or not an image qemu-img reads
     */
    public ImageInfo info(Path file) {
        if (!Files.exists(file)) {
            throw new ImageException(file + " does not exist");
        }
        String out = run(List.of(executable.toString(), "info", "--output=json", "--force-share", "--", file.toString()),
                METADATA_TIMEOUT);
        try {
            return ImageInfo.of(file.toString(), JSON.readTree(out));
        } catch (IOException e) {
            throw new ImageException("qemu-img info of " + file + " did not answer JSON: " + out, e);
        }
    }

    /** Runs {@code argv}, returning its standard output; its standard error becomes the error message. */
    private String run(List<String> argv, Duration timeout) {
        LOG.debug("running {}", argv);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new ImageException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ImageException(String.join(" ", argv) + " did not finish within " + timeout.toMinutes()
                        + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while running " + argv.get(0), e);
        }
        String error = stderr.join().strip();
        if (process.exitValue() != 0) {
            throw new ImageException("qemu-img " + argv.get(1) + " failed (exit " + process.exitValue() + "): "
                    + (error.isEmpty() ? stdout.join().strip() : error));
        }
        return stdout.join();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                text.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }

    /** {@link #create} found a file at the path: jqemu never overwrites one. */
    public static final class FileExistsException extends ImageException {
        private static final long serialVersionUID = 1L;

        /** The file that exists. */
        public FileExistsException(Path file) {
            super(file + " already exists; jqemu never overwrites a file with a new image");
        }
    }
}
