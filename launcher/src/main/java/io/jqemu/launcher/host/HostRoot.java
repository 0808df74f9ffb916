package io.jqemu.launcher.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host's kernel interfaces ({@code /sys}, {@code /dev}, {@code /proc}) seen through a root
 * directory: {@code /} on a real host, a fake tree in tests. Every host read and every sysfs
 * write of the launcher goes through one of these.
 */
public final class HostRoot {
    private final Path root;
    private final AttributeWriter writer;

    private HostRoot(Path root, AttributeWriter writer) {
        this.root = Objects.requireNonNull(root, "root");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** The real host: paths resolve against {@code /} and writes go to the kernel. */
    public static HostRoot system() {
        return new HostRoot(Path.of("/"), HostRoot::writeAttribute);
    }

    /** A tree rooted at {@code root} whose attribute writes go to {@code writer}. */
    public static HostRoot at(Path root, AttributeWriter writer) {
        return new HostRoot(root, writer);
    }

    /** The root directory ({@code /} on a real host). */
    public Path root() {
        return root;
    }

    /** Resolves an absolute host path such as {@code /sys/bus/pci} under the root. */
    public Path path(String absolute) {
        if (!absolute.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute host path: " + absolute);
        }
        return root.resolve(absolute.substring(1));
    }

    /** Whether the host path exists (following symbolic links). */
    public boolean exists(String absolute) {
        return Files.exists(path(absolute));
    }

    /** The trimmed content of a small text file, or empty when it does not exist. */
    public Optional<String> read(String absolute) {
        try {
            return Optional.of(Files.readString(path(absolute), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + absolute, e);
        }
    }

    /** The names in a directory, sorted; empty when it does not exist. */
    public List<String> list(String absolute) {
        Path dir = path(absolute);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (AccessDeniedException | NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + absolute, e);
        }
    }

    /** The last path element a symbolic link points to ({@code driver -> .../vfio-pci} gives {@code vfio-pci}). */
    public Optional<String> linkName(String absolute) {
        return linkTarget(absolute).map(t -> Path.of(t).getFileName().toString());
    }

    /** The full target of a symbolic link, empty when the path is not a link. */
    public Optional<String> linkTarget(String absolute) {
        Path link = path(absolute);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes a value to a kernel attribute; the error names the attribute and value. */
    public void write(String absolute, String value) {
        try {
            writer.write(path(absolute), value);
        } catch (IOException e) {
            throw new HostException("writing '" + value + "' to " + absolute + " failed: " + e.getMessage(), e);
        }
    }

    private static void writeAttribute(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
    }
}
