package io.jqemu.junit;

import io.jqemu.launcher.Launcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMs of one test JVM: a run directory of its own under the root (locked for the JVM's life),
 * one {@link Launcher} whose state and runtime roots are in it, unique VM names, the templates,
 * and the VMs still open. The first use in a JVM cleans up after dead runs ({@link LeftoverRuns});
 * the JVM's exit stops what is still open and removes the run directory.
 */
final class JvmRun {
    /** The system property naming the root directory. */
    static final String ROOT_PROPERTY = "jqemu.junit.dir";
    /** The environment variable naming the root directory when the property is not set. */
    static final String ROOT_ENV = "JQEMU_JUNIT_DIR";
    /** The system property naming the QEMU binary. */
    static final String QEMU_PROPERTY = "jqemu.qemu";
    /** The environment variable naming the QEMU binary when the property is not set. */
    static final String QEMU_ENV = "JQEMU_QEMU";
    static final String STATE = "state";
    static final String RUNTIME = "run";
    static final String VMS = "vms";
    static final String TEMPLATES = "templates";
    private static final Logger LOG = LoggerFactory.getLogger(JvmRun.class);
    private static JvmRun current;

    private final Path dir;
    private final FileChannel lockChannel;
    private final Launcher launcher;
    private final String id;
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<TestVm> open = ConcurrentHashMap.newKeySet();
    private final Templates templates;
    private final List<LeftoverRuns.Cleaned> cleanedAtStart;

    private JvmRun(Path root, String qemuBinary) {
        PrivateFiles.ownedDirectory(ROOT_PROPERTY, root);
        // made under a hidden name, locked, then renamed: a run directory is never seen unlocked
        String madeId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        Path hidden = PrivateFiles.newDirectory(root.resolve(".r" + madeId + "-" + ProcessHandle.current().pid()));
        try {
            lockChannel = FileChannel.open(hidden.resolve(LeftoverRuns.LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lockChannel.lock();
            Files.writeString(hidden.resolve("owner"), "pid " + ProcessHandle.current().pid() + "\n",
                    StandardCharsets.UTF_8);
            this.dir = Files.move(hidden, root.resolve("r" + madeId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test run directory " + hidden, e);
        }
        this.id = "r" + madeId;
        this.cleanedAtStart = LeftoverRuns.reconcile(root, qemuBinary, dir);
        PrivateFiles.newDirectory(dir.resolve(VMS));
        PrivateFiles.newDirectory(dir.resolve(TEMPLATES));
        this.launcher = Launcher.builder().stateRoot(dir.resolve(STATE)).runtimeRoot(dir.resolve(RUNTIME))
                .qemuBinary(qemuBinary).startTimeout(Duration.ofSeconds(60)).stopVmsOnJvmExit(false)
                .controller("jqemu-junit pid " + ProcessHandle.current().pid()).build();
        this.templates = new Templates(dir.resolve(TEMPLATES));
    }

    /** The run of this JVM, started on first use (which cleans up after dead runs under the root). */
    static synchronized JvmRun get() {
        if (current == null) {
            current = start(root(), qemuBinary());
            Runtime.getRuntime().addShutdownHook(new Thread(current::close, "jqemu-junit-exit"));
        }
        return current;
    }

    /** A run under {@code root}, after cleaning up dead runs there; closed by the caller. */
    static JvmRun start(Path root, String qemuBinary) {
        return new JvmRun(root, qemuBinary);
    }

    /** The root: {@value #ROOT_PROPERTY}, else {@value #ROOT_ENV}, else {@code /tmp/jqemu-junit-<user>}. */
    static Path root() {
        String configured = Optional.ofNullable(System.getProperty(ROOT_PROPERTY)).orElse(System.getenv(ROOT_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of("/tmp", "jqemu-junit-" + System.getProperty("user.name"));
    }

    /** The QEMU binary: {@value #QEMU_PROPERTY}, else {@value #QEMU_ENV}, else {@code qemu-system-x86_64} on the PATH. */
    static String qemuBinary() {
        String configured = Optional.ofNullable(System.getProperty(QEMU_PROPERTY)).orElse(System.getenv(QEMU_ENV));
        return configured != null && !configured.isBlank() ? configured : "qemu-system-x86_64";
    }

    Path dir() {
        return dir;
    }

    Launcher launcher() {
        return launcher;
    }

    Templates templates() {
        return templates;
    }

    List<LeftoverRuns.Cleaned> cleanedAtStart() {
        return cleanedAtStart;
    }

    /**
     * A VM name unique among every run under the root: the run's id, a counter and {@code label}
     * cut to what fits a VM name (and keeps socket paths short).
     */
    String uniqueName(String label) {
        String clean = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
        String name = id + "-" + counter.incrementAndGet() + "-" + clean;
        return name.length() > 32 ? name.substring(0, 32) : name;
    }

    /** A new private directory for VM {@code name}. */
    Path vmDirectory(String name) {
        return PrivateFiles.newDirectory(dir.resolve(VMS).resolve(name));
    }

    /** A new private directory for template VM {@code name}, kept until the run ends. */
    Path templateDirectory(String name) {
        return PrivateFiles.newDirectory(dir.resolve(TEMPLATES).resolve(name));
    }

    void opened(TestVm vm) {
        open.add(vm);
    }

    void closed(TestVm vm) {
        open.remove(vm);
    }

    /** Stops every VM still open and removes the run directory. */
    void close() {
        for (TestVm vm : List.copyOf(open)) {
            LOG.warn("test run ending: stopping VM {}, which no test closed", vm.name());
            VmCloser.close(vm, this);
        }
        try {
            PrivateFiles.deleteTree(dir);
            lockChannel.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove the test run directory {}: {}", dir, e.toString());
        }
    }
}
