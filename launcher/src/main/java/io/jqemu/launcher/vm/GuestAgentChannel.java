package io.jqemu.launcher.vm;

import io.jqemu.core.model.GuestAgent;
import io.jqemu.launcher.HumanDuration;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.host.VmPaths;
import io.jqemu.qmp.QmpException;
import io.jqemu.qmp.QmpTimeoutException;
import io.jqemu.qmp.ga.GuestShutdownMode;
import io.jqemu.qmp.ga.QgaClient;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VM's guest-agent channel: the host end of the virtio-serial port {@code org.qemu.guest_agent.0},
 * QEMU's unix socket {@code qga.sock} in the VM's runtime directory. The client is connected on
 * first use and kept while its connection lasts; a failed connection is made again on the next use.
 * Thread-safe.
 */
public final class GuestAgentChannel implements AutoCloseable {
    /** Longest wait for an error reply to {@code guest-shutdown} (the agent sends none on success). */
    private static final Duration SHUTDOWN_ERROR_WINDOW = QgaClient.DEFAULT_SHUTDOWN_ERROR_WINDOW;
    private static final Logger LOG = LoggerFactory.getLogger(GuestAgentChannel.class);

    private final String vmName;
    private final Path stateDir;
    private QgaClient client;
    private boolean closed;

    /**
     * The channel of one VM.
     *
     * @param vmName the VM's name, for messages
     * @param stateDir its state directory (which names its runtime directory)
     */
    public GuestAgentChannel(String vmName, Path stateDir) {
        this.vmName = vmName;
        this.stateDir = stateDir;
    }

    /**
     * Whether a VM has a guest-agent channel, and where: QEMU created {@code qga.sock} in the VM's
     * runtime directory (it does so while it starts, before its monitor answers).
     *
     * @param paths the VM's directories
     * @return the socket, when it exists
     */
    public static Optional<Path> socket(VmPaths paths) {
        Path socket = Path.of(GuestAgent.socketPath(paths.runtimeDir().toString()));
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS) ? Optional.of(socket) : Optional.empty();
    }

    /** {@return the socket of this VM's channel, when it has one} */
    public Optional<Path> socket() {
        return socket(VmPaths.load(stateDir));
    }

    /**
     * The connected client, connecting first when there is none or its connection ended.
     *
     * @param timeout how long the agent may take to answer the handshake (it may still be starting in the guest)
     * @return the client, open
     * @throws LauncherException when the VM has no guest-agent channel, or the agent did not answer in time
     */
    public synchronized QgaClient client(Duration timeout) {
        if (closed) {
            throw new LauncherException("VM " + vmName + ": its guest-agent client was closed with the VM handle");
        }
        if (client != null && client.isOpen()) {
            return client;
        }
        if (client != null) {
            client.close();
            client = null;
        }
        Path socket = socket().orElseThrow(() -> new LauncherException("VM " + vmName + " has no guest-agent channel"
                + " (add [guest_agent] to its vm.toml, or .device(new GuestAgent()) to its Machine.builder())"));
        VmPaths.restrictSocket(socket);
        try {
            client = QgaClient.builder().unixSocket(socket).connectTimeout(timeout).syncTimeout(timeout).connect();
        } catch (QmpTimeoutException e) {
            throw new LauncherException("VM " + vmName + ": the guest agent did not answer the guest-sync-delimited"
                    + " handshake on " + socket + " within " + HumanDuration.of(timeout) + " (is qemu-ga running in"
                    + " the guest on the virtio-serial port org.qemu.guest_agent.0?)", e);
        } catch (QmpException e) {
            throw new LauncherException("VM " + vmName + ": cannot reach the guest agent on " + socket + ": "
                    + e.getMessage(), e);
        }
        LOG.debug("VM {}: guest agent connected on {}", vmName, socket);
        return client;
    }

    /**
     * Asks the guest to power off through its agent ({@code guest-shutdown}, mode powerdown), on its
     * own thread.
     *
     * @param timeout how long the agent may take to answer the handshake
     * @return completes when the agent accepted the command; fails when it refused or did not answer
     */
    public CompletableFuture<Void> shutdown(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("jqemu-guest-shutdown-" + vmName).start(() -> {
            try {
                client(timeout).shutdownAsync(GuestShutdownMode.POWERDOWN, SHUTDOWN_ERROR_WINDOW)
                        .whenComplete((ok, error) -> {
                            if (error == null) {
                                done.complete(null);
                            } else {
                                done.completeExceptionally(error);
                            }
                        });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Closes the client, if any; later uses fail. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debug("VM {}: closing the guest-agent client: {}", vmName, e.toString());
            }
            client = null;
        }
    }
}
