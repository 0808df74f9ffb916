package io.jqemu.cli;

import io.jqemu.launcher.vm.VmRecord;
import io.jqemu.testsupport.QemuBinary;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code jqemu run} as a child JVM against the state root {@code ROOT/state} and the runtime root
 * {@code ROOT/run} of a test's directory, with its stdout and stderr in files of their own under
 * that directory. {@link #close()} kills whatever of it is left: the run, what it started, and the
 * QEMU its VM's record names.
 */
public final class RunProcess implements AutoCloseable {

    private static final long POLL_MILLIS = 50;
    private static final int STDOUT_SHOWN = 8000;

    private final Path root;
    private final String vm;
    private final Process process;
    private final Path out;
    private final Path err;

    private RunProcess(Path root, String vm, Process process, Path out, Path err) {
        this.root = root;
        this.vm = vm;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * The command line of {@code jqemu COMMAND --state-root ROOT/state --runtime-root ROOT/run ARGS}
     * in a new JVM with this JVM's class path.
     *
     * @param root    the directory holding the state and runtime roots
     * @param command the jqemu command, such as {@code run} or {@code qmp}
     * @param args    what follows the roots: options and operands
     * @return the command line
     */
    public static List<String> jqemuCommand(Path root, String command, String... args) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Jqemu.class.getName(), command,
                "--state-root", root.resolve("state").toString(), "--runtime-root", root.resolve("run").toString()));
        line.addAll(List.of(args));
        return line;
    }

    /**
     * Starts {@code jqemu run ARGS} against the roots under {@code root}.
     *
     * @param root    the directory holding the state and runtime roots and the output files
     * @param vm      the name of the VM it runs (for {@link #close()})
     * @param runArgs options and the vm.toml for {@code jqemu run}
     * @return the started run
     * @throws IOException when it cannot be started
     */
    public static RunProcess start(Path root, String vm, String... runArgs) throws IOException {
        return start(root, vm, new ProcessBuilder(jqemuCommand(root, "run", runArgs)));
    }

    /**
     * Starts {@code builder}: a {@code jqemu run} against the roots under {@code root}, possibly
     * wrapped (in {@code script}, {@code setsid}) and with an environment of its own. Its stdout
     * goes to a new file under {@code root}, and so does its stderr unless the builder merges it
     * into stdout.
     *
     * @param root    the directory holding the state and runtime roots and the output files
     * @param vm      the name of the VM it runs (for {@link #close()})
     * @param builder the process to start; its output redirections are replaced
     * @return the started run
     * @throws IOException when it cannot be started
     */
    public static RunProcess start(Path root, String vm, ProcessBuilder builder) throws IOException {
        withTestQemu(builder);
        Path out = Files.createTempFile(root, "run-", ".out");
        Path err = Files.createTempFile(root, "run-", ".err");
        builder.redirectOutput(out.toFile());
        if (!builder.redirectErrorStream()) {
            builder.redirectError(err.toFile());
        }
        return new RunProcess(root, vm, builder.start(), out, err);
    }

    /**
     * Puts the directory of the tests' QEMU ({@link QemuBinary}) first on {@code builder}'s
     * {@code PATH}, where {@code jqemu run} looks QEMU up.
     *
     * @param builder a process that runs {@code jqemu run}
     * @return the builder
     */
    public static ProcessBuilder withTestQemu(ProcessBuilder builder) {
        String qemuDir = Path.of(QemuBinary.path()).getParent().toString();
        String path = builder.environment().getOrDefault("PATH", "");
        builder.environment().put("PATH", path.isEmpty() ? qemuDir : qemuDir + File.pathSeparator + path);
        return builder;
    }

    /** The started process (the wrapper, when the run was started wrapped). */
    public Process process() {
        return process;
    }

    /** The started process's pid. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the process to end.
     *
     * @return whether it ended within the time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    /** The ended process's exit code. */
    public int exitValue() {
        return process.exitValue();
    }

    /** All the run wrote to stdout so far (with stderr, when merged), or why it cannot be read. */
    public String stdout() {
        return read(out);
    }

    /** All the run wrote to stderr so far (empty when merged into stdout), or why it cannot be read. */
    public String stderr() {
        return read(err);
    }

    /** The QEMU pid in the VM's record. */
    public long qemuPid() {
        return VmRecord.readFrom(stateDir()).orElseThrow(() -> new AssertionError("no record in " + stateDir()
                + "; stderr:\n" + stderr())).pid();
    }

    /**
     * Waits until the run reports its VM running: the VM's record exists and stderr says
     * {@code QEMU pid}.
     *
     * @param timeout how long to wait
     * @return the QEMU pid in the VM's record
     * @throws AssertionError when the run ends or the time is up first, naming what it waited for
     * @throws InterruptedException when interrupted while waiting
     */
    public long awaitRunning(Duration timeout) throws InterruptedException {
        await(() -> VmRecord.readFrom(stateDir()).isPresent() && stderr().contains("QEMU pid"),
                "the record in " + stateDir() + " and 'QEMU pid' on stderr", timeout);
        return qemuPid();
    }

    /**
     * Waits until stderr contains {@code marker}.
     *
     * @throws AssertionError when the run ends or the time is up first, naming the marker
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitStderr(String marker, Duration timeout) throws InterruptedException {
        await(() -> stderr().contains(marker), "'" + marker + "' on stderr", timeout);
    }

    /**
     * Waits until stdout (the guest console with {@code --console}) contains {@code marker}.
     *
     * @throws AssertionError when the run ends or the time is up first, naming the marker
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitStdout(String marker, Duration timeout) throws InterruptedException {
        await(() -> stdout().contains(marker), "'" + marker + "' on stdout", timeout);
    }

    /** Kills the process and its descendants if still alive, then the QEMU the VM's record names, if any. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        VmRecord.readFrom(stateDir()).flatMap(r -> ProcessHandle.of(r.pid())).ifPresent(ProcessHandle::destroyForcibly);
    }

    private Path stateDir() {
        return root.resolve("state").resolve(vm);
    }

    private void await(BooleanSupplier done, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            boolean ended = !process.isAlive();
            if (ended || System.nanoTime() > deadline) {
                if (done.getAsBoolean()) {
                    return;
                }
                String stdout = stdout();
                throw new AssertionError((ended ? "jqemu run ended (exit code " + process.exitValue() + ") before "
                        + what : "no " + what + " from jqemu run within " + timeout.toSeconds() + " s")
                        + "; stderr:\n" + stderr() + "\nstdout" + (stdout.length() > STDOUT_SHOWN
                        ? " (its end):\n" + stdout.substring(stdout.length() - STDOUT_SHOWN) : ":\n" + stdout));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
