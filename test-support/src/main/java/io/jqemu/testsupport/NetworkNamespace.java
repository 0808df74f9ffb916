package io.jqemu.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

/**
 * A network namespace made for one test (with {@code ip netns}, argv only) and a way to run code
 * on a thread that has entered it with setns(2). Deleted on close. Commands wait at most
 * {@link TestTimeouts#COMMAND}. Tests that use it carry {@link RequiresRoot}.
 */
public final class NetworkNamespace implements AutoCloseable {
    /** setns(2) and friends, for the test thread. */
    public interface NamespaceCalls {
        /** open(2). */
        @SaveError
        int open(String path, int flags);

        /** setns(2). */
        @SaveError
        int setns(int fd, int nstype);

        /** close(2). */
        int close(int fd);
    }

    private static final int CLONE_NEWNET = 0x40000000;
    private static final NamespaceCalls CALLS = LibraryLoader.create(NamespaceCalls.class).load("c");
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates a fresh namespace. */
    public static NetworkNamespace create() throws IOException, InterruptedException {
        NetworkNamespace ns = new NetworkNamespace("jqemu-t-" + UUID.randomUUID().toString().substring(0, 8));
        run("ip", "netns", "add", ns.name);
        return ns;
    }

    /** Runs {@code ip -n <ns> args...} and returns its output; fails when it fails. */
    public String ip(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(List.of(args));
        return run(argv.toArray(String[]::new));
    }

    /** Whether {@code ip -n <ns> link show <ifname>} finds the interface. */
    public boolean hasLink(String ifname) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-n", name, "link", "show", ifname).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(TestTimeouts.COMMAND.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Whether one ping from inside this namespace to {@code address} (an address inside it) is answered. */
    public boolean ping(String address) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(exec(List.of("busybox", "ping", "-c", "1", "-W", "10", address))).redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        return p.waitFor(TestTimeouts.COMMAND.toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Runs {@code body} on a new thread that has entered this namespace. */
    public <T> T inside(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int fd = CALLS.open("/run/netns/" + name, 0);
            if (fd < 0 || CALLS.setns(fd, CLONE_NEWNET) != 0) {
                throw new IOException("cannot enter network namespace " + name);
            }
            CALLS.close(fd);
            return body.call();
        });
        Thread thread = new Thread(task, "in-" + name);
        thread.start();
        try {
            return task.get(TestTimeouts.COMMAND.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** {@code argv} prefixed so that it runs inside this namespace ({@code ip netns exec <ns> argv...}). */
    public List<String> exec(List<String> argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(argv);
        return all;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "delete", name);
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TestTimeouts.COMMAND.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
