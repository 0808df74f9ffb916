package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The unix socket on which {@code jqemu run} takes requests from the management commands: QEMU
 * serves one QMP client per socket and {@code run} holds it, so {@code stop}, {@code qmp},
 * {@code balloon}, {@code attach} and {@code detach} ask {@code run} instead. One JSON request line
 * per connection, one JSON answer line back, after progress lines when asked (see
 * {@link VmOperations}); an {@code events} request gets event lines until the VM ends or the client
 * closes the connection ({@code jqemu events}).
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long {@link #close()} waits for answers still being written. */
    public static final Duration ANSWER_GRACE = Duration.ofSeconds(5);

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Set<Thread> answering = ConcurrentHashMap.newKeySet();

    private ControlServer(Path socket, ServerSocketChannel server, VmOperations operations) {
        this.socket = socket;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("jqemu-control").start(() -> serve(operations));
    }

    /** Listens on {@code socket} (mode 0600), answering with {@code operations}. */
    public static ControlServer start(Path socket, VmOperations operations) {
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return new ControlServer(socket, server, operations);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    private void serve(VmOperations operations) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread handler = Thread.ofPlatform().daemon().name("jqemu-control-client").unstarted(() -> {
                    try {
                        answer(client, operations);
                    } finally {
                        answering.remove(Thread.currentThread());
                    }
                });
                answering.add(handler);
                handler.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket {}: {}", socket, e.getMessage());
                }
                return;
            }
        }
    }

    private static void answer(SocketChannel client, VmOperations operations) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                return;
            }
            JsonNode request = JSON.readTree(line);
            LOG.debug("control request {}", request);
            OutputStream out = Channels.newOutputStream(client);
            Consumer<JsonNode> lines = node -> write(out, node);
            if ("events".equals(request.path("op").asText())) {
                stream(client, in, operations.streamEvents(lines::accept));
                return;
            }
            lines.accept(operations.handle(request,
                    progress -> lines.accept(JSON.createObjectNode().set("progress", progress))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("control request failed: {}", e.getMessage());
        }
    }

    /** Keeps an events stream going until it ends (the VM ended) or the client leaves (end of its input). */
    private static void stream(SocketChannel client, BufferedReader in, CompletableFuture<Void> ended) {
        ended.whenComplete((v, t) -> {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing an events client: {}", e.getMessage());
            }
        });
        try {
            while (in.read() != -1) {
                // the client sends nothing more; its end of input says it left
            }
        } catch (IOException e) {
            LOG.debug("events client gone: {}", e.getMessage());
        } finally {
            ended.complete(null);
        }
    }

    private static void write(OutputStream out, JsonNode node) {
        try {
            byte[] bytes = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("control client gone: " + e.getMessage(), e);
        }
    }

    /**
     * Stops listening, removes the socket, and gives requests still being answered (a {@code stop}
     * whose VM just ended) up to {@link #ANSWER_GRACE} to send their answer.
     */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("closing {}: {}", socket, e.getMessage());
        }
        acceptor.interrupt();
        long deadline = System.nanoTime() + ANSWER_GRACE.toNanos();
        for (Thread handler : answering) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                handler.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
