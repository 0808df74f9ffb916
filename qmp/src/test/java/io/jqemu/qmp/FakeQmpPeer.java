package io.jqemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A scripted QMP peer on a unix socket, for misbehaviour a real QEMU does not produce. It accepts one
 * connection and runs the script on its own thread; the script's failure is reported by {@link #done()}.
 */
final class FakeQmpPeer implements AutoCloseable {
    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7},"
            + " \"package\": \"fake\"}, \"capabilities\": [\"oob\"]}}\r\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The peer's side of the conversation. */
    interface Script {
        void run(Conversation c) throws Exception;
    }

    /** Reads requests and writes raw bytes. */
    static final class Conversation {
        private final SocketChannel socket;
        private MappingIterator<JsonNode> requests;

        Conversation(SocketChannel socket) {
            this.socket = socket;
        }

        JsonNode read() throws IOException {
            if (requests == null) {
                // created lazily: the reader blocks for the first token when it is created
                requests = MAPPER.readerFor(JsonNode.class).readValues(Channels.newInputStream(socket));
            }
            return requests.next();
        }

        void send(String text) throws IOException {
            sendBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                socket.write(b);
            }
        }

        /** Sends the greeting and answers qmp_capabilities. */
        void handshake(String greeting) throws IOException {
            send(greeting);
            JsonNode caps = read();
            if (!caps.path("execute").asText().equals("qmp_capabilities")) {
                throw new IllegalStateException("expected qmp_capabilities, got " + caps);
            }
            reply(caps, "{}");
        }

        void reply(JsonNode request, String returnJson) throws IOException {
            send("{\"return\": " + returnJson + ", \"id\": " + request.get("id") + "}\r\n");
        }

        void close() throws IOException {
            socket.close();
        }
    }

    final Path socketPath;
    private final Path dir;
    private final ServerSocketChannel server;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private FakeQmpPeer(Path dir, ServerSocketChannel server) {
        this.dir = dir;
        this.socketPath = dir.resolve("fake.sock");
        this.server = server;
    }

    static FakeQmpPeer start(Script script) {
        try {
            Path dir = Files.createTempDirectory("jqemu-fake-qmp");
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(dir.resolve("fake.sock")));
            FakeQmpPeer peer = new FakeQmpPeer(dir, server);
            Thread.ofPlatform().daemon().name("fake-qmp-peer").start(() -> {
                try (SocketChannel s = server.accept()) {
                    script.run(new Conversation(s));
                    peer.done.complete(null);
                } catch (Throwable t) {
                    peer.done.completeExceptionally(t);
                }
            });
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    QmpClient.Builder client() {
        return QmpClient.builder().unixSocket(socketPath).connectTimeout(java.time.Duration.ofSeconds(5));
    }

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socketPath);
        Files.deleteIfExists(dir);
    }
}
