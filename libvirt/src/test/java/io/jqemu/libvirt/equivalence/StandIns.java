package io.jqemu.libvirt.equivalence;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The temporary things that stand in for one case's host paths and ports, shared by both command
 * lines of the case so that the same original gets the same stand-in on both sides: images (raw
 * files of 16 MiB, qcow2 images made by {@code qemu-img}), ISO files, directories, output files,
 * the OVMF files of the {@code ovmf} package, free loopback ports and VNC displays.
 */
final class StandIns {
    /** The OVMF firmware from Debian's {@code ovmf} package that stands in for any loader. */
    static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    /** The vars template of {@link #OVMF_CODE}; each vars file becomes a fresh copy of it. */
    static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

    private final Path dir;
    private final Map<String, Path> paths = new LinkedHashMap<>();
    private final Map<Path, String> originals = new HashMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();
    private final Map<Integer, Integer> originalPorts = new HashMap<>();
    private int counter;

    StandIns(Path dir) {
        this.dir = dir;
    }

    /** The case's working directory. */
    Path dir() {
        return dir;
    }

    /** The stand-in for an image at {@code original}: qcow2 when {@code qcow2}, else a raw file. */
    Path image(String original, boolean qcow2) {
        return image(original, qcow2, null);
    }

    /**
     * The stand-in for an image at {@code original}: qcow2 when {@code qcow2} (with {@code backing},
     * a qcow2 stand-in, in its header when not null, as a real overlay has), else a raw file.
     */
    Path image(String original, boolean qcow2, Path backing) {
        return paths.computeIfAbsent(original, o -> {
            Path p = fresh(qcow2 ? ".qcow2" : ".img");
            if (qcow2 && backing != null) {
                run("qemu-img", "create", "-q", "-f", "qcow2", "-b", backing.toString(), "-F", "qcow2", p.toString(),
                        "16M");
            } else if (qcow2) {
                run("qemu-img", "create", "-q", "-f", "qcow2", p.toString(), "16M");
            } else {
                sized(p);
            }
            return remember(o, p);
        });
    }

    /** The stand-in for a host CD-ROM drive or an ISO file. */
    Path iso(String original) {
        return paths.computeIfAbsent(original, o -> remember(o, sized(fresh(".iso"))));
    }

    /** The stand-in for a host directory (9p export, hugetlbfs mount). */
    Path directory(String original) {
        return paths.computeIfAbsent(original, o -> {
            try {
                return remember(o, Files.createDirectory(fresh("")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The stand-in for a file QEMU writes (a chardev's output), not created. */
    Path outputFile(String original) {
        return paths.computeIfAbsent(original, o -> remember(o, fresh(".out")));
    }

    /** A 64 KiB file standing in for a ROM file at {@code original}. */
    Path romFile(String original) {
        return paths.computeIfAbsent(original, o -> {
            Path p = fresh(".rom");
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(64 << 10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return remember(o, p);
        });
    }

    /** A fresh copy of the OVMF vars template standing in for the vars file at {@code original}. */
    Path ovmfVars(String original) {
        return paths.computeIfAbsent(original, o -> {
            try {
                return remember(o, Files.copy(OVMF_VARS, fresh(".fd")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A free loopback TCP port standing in for {@code original}. */
    int port(int original) {
        return ports.computeIfAbsent(original, o -> {
            int free = freePort();
            originalPorts.put(free, o);
            return free;
        });
    }

    /** The original a stand-in path was made for (the path itself when it is none). */
    String original(String path) {
        return originals.getOrDefault(Path.of(path), path);
    }

    /** The original a stand-in port was made for. */
    Optional<Integer> originalPort(int port) {
        return Optional.ofNullable(originalPorts.get(port));
    }

    private Path remember(String original, Path standIn) {
        originals.put(standIn, original);
        return standIn;
    }

    private Path fresh(String suffix) {
        return dir.resolve("standin" + (counter++) + suffix);
    }

    private static Path sized(Path p) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(16L << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static void run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
