package io.jqemu.launcher.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a VM's exit handling (host cleanup) once its QEMU has gone, in the network namespace the VM
 * was launched from: taps and links are removed in the namespace of the thread that removes them.
 *
 * <p>A VM launched from a thread in the JVM's own network namespace (the usual case) gets a virtual
 * thread when QEMU exits, so no thread waits for it meanwhile. A VM launched from a thread that
 * entered another namespace (setns(2)) gets a platform thread started by the launching thread now,
 * which inherits that namespace and waits for the exit.
 */
public final class ExitHandling {
    private static final Path OWN_NAMESPACE = Path.of("/proc/self/ns/net");
    private static final Path THREAD_NAMESPACE = Path.of("/proc/thread-self/ns/net");

    private ExitHandling() {
    }

    /**
     * Runs {@code action} once {@code exit} has completed (whatever its outcome).
     *
     * @param exit completes when QEMU has gone
     * @param threadName the name of the thread that runs the action
     * @param action the exit handling
     */
    public static void whenDone(CompletableFuture<?> exit, String threadName, Runnable action) {
        if (inJvmNamespace()) {
            exit.whenComplete((status, error) -> Thread.ofVirtual().name(threadName).start(action));
        } else {
            Thread.ofPlatform().daemon().name(threadName).start(() -> {
                exit.exceptionally(error -> null).join();
                action.run();
            });
        }
    }

    /** Whether the calling thread is in the network namespace of the JVM's main thread. */
    static boolean inJvmNamespace() {
        try {
            return Files.readSymbolicLink(OWN_NAMESPACE).equals(Files.readSymbolicLink(THREAD_NAMESPACE));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
